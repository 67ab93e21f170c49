"""Demo news built on the facts of the source article (figures, places, partners), written anew.

Publication dates are illustrative and relative to today, so comments are open on the newest
articles. One Vietnamese/English pair, one article awaiting review, one scheduled; a few approved
comments, one reply and one comment awaiting moderation. Idempotent by slug."""

import datetime

from django.utils import timezone

from friendship_union.partners.models import Partner

from .models import Article, ArticleStatus, Category, Comment, CommentStatus, Language, Tag
from .services import article_link_translation

CATEGORIES = [
    ("Hoạt động đối ngoại", "People-to-people diplomacy", "hoat-dong-doi-ngoai", 1),
    ("Viện trợ phi chính phủ", "NGO aid", "vien-tro-phi-chinh-phu", 2),
    ("Kiều bào", "Overseas Vietnamese", "kieu-bao", 3),
    ("Đào tạo, bồi dưỡng", "Training", "dao-tao-boi-duong", 4),
]

ARTICLES = [
    {
        "slug": "tong-lanh-su-nhat-ban-tham-dat-mui",
        "title": "Tổng Lãnh sự Nhật Bản tại TP. Hồ Chí Minh thăm Đất Mũi",
        "summary": (
            "Đoàn Tổng Lãnh sự quán Nhật Bản tại TP. Hồ Chí Minh đến mũi đất cực Nam của Tổ quốc, "
            "tìm hiểu tiềm năng hợp tác với tỉnh Cà Mau."
        ),
        "body": (
            "<p>Trong chuyến công tác tại tỉnh Cà Mau, Tổng Lãnh sự Nhật Bản tại TP. Hồ Chí Minh cùng đoàn "
            "đã đến tham quan Khu du lịch Đất Mũi và chụp ảnh lưu niệm tại điểm cực Nam.</p>"
            "<h2>Mở rộng quan hệ với cơ quan đại diện nước ngoài</h2>"
            "<p>Liên hiệp các tổ chức hữu nghị tỉnh đã xây dựng quan hệ với phần lớn các tổng lãnh sự quán "
            "đặt tại TP. Hồ Chí Minh. Những chuyến thăm như thế này giúp bạn bè quốc tế hiểu hơn về vùng đất "
            "Cà Mau, về rừng ngập mặn và về đời sống cư dân ven biển.</p>"
            "<blockquote><p>Đất Mũi là điểm đến mà hầu hết các đoàn khách quốc tế muốn ghé thăm.</p></blockquote>"
            '<p>Thông tin chi tiết về các đoàn vào được cập nhật tại mục <a href="/doan-ra-doan-vao/">Đoàn ra '
            "– đoàn vào</a>.</p>"
        ),
        "language": Language.VI,
        "categories": ["hoat-dong-doi-ngoai"],
        "tags": ["Đất Mũi", "Nhật Bản"],
        "days_ago": 2,
    },
    {
        "slug": "consul-general-of-japan-visits-dat-mui",
        "title": "Consul General of Japan visits Đất Mũi, Cà Mau",
        "summary": (
            "The Consul General of Japan in Ho Chi Minh City travelled to Vietnam's southernmost point "
            "and discussed cooperation with Cà Mau province."
        ),
        "body": (
            "<p>During a working visit to Cà Mau province, the Consul General of Japan in Ho Chi Minh City "
            "and his delegation toured the Đất Mũi (Cape Cà Mau) area and had a souvenir photo taken at the "
            "southernmost point of the country.</p>"
            "<h2>Working with consulates general</h2>"
            "<p>The provincial Union of Friendship Organizations maintains relations with most consulates "
            "general based in Ho Chi Minh City. Visits like this one help foreign friends learn about the "
            "mangrove forests and coastal communities of Cà Mau.</p>"
        ),
        "language": Language.EN,
        "categories": ["hoat-dong-doi-ngoai"],
        "tags": ["Đất Mũi", "Nhật Bản"],
        "days_ago": 2,
    },
    {
        "slug": "trao-dung-cu-hoc-tap-cho-hoc-sinh-dong-thoi",
        "title": "Trao dụng cụ học tập cho học sinh Trường Tiểu học Đông Thới 2",
        "summary": (
            "Tổ chức Loreto Kids Charity (Úc) tài trợ các gói dụng cụ học tập cho học sinh tiểu học ở xã "
            "Đông Thới, huyện Cái Nước (nay thuộc xã Cái Nước, tỉnh Cà Mau)."
        ),
        "body": (
            "<p>Liên hiệp các tổ chức hữu nghị tỉnh phối hợp với nhà trường tổ chức lễ trao các gói dụng cụ "
            "học tập cho học sinh Trường Tiểu học Đông Thới 2, xã Đông Thới, huyện Cái Nước.</p>"
            "<p>Khoản hỗ trợ do tổ chức <strong>Loreto Kids Charity</strong> (Úc) tài trợ, thuộc loại viện trợ "
            "phi dự án. Sau sắp xếp đơn vị hành chính năm 2025, địa bàn này thuộc xã Cái Nước, tỉnh Cà Mau.</p>"
            "<h3>Các bước tiếp nhận</h3>"
            "<ol><li>Tiếp nhận và phê duyệt khoản viện trợ phi dự án.</li>"
            "<li>Lập danh sách học sinh có hoàn cảnh khó khăn.</li>"
            "<li>Tổ chức trao tận tay và báo cáo nhà tài trợ.</li></ol>"
        ),
        "language": Language.VI,
        "categories": ["vien-tro-phi-chinh-phu"],
        "tags": ["Đông Thới", "Loreto Kids Charity", "Giáo dục"],
        "partners": ["LKC-AU"],
        "days_ago": 5,
    },
    {
        "slug": "hon-29-trieu-usd-vien-tro-phi-chinh-phu-2003-2015",
        "title": "Hơn 29 triệu USD viện trợ phi chính phủ cam kết cho Cà Mau giai đoạn 2003 – 2015",
        "summary": (
            "Tỉnh có quan hệ với 85 tổ chức phi chính phủ nước ngoài và tổ chức quốc tế; 79 tổ chức có "
            "chương trình, dự án hoặc viện trợ phi dự án."
        ),
        "body": (
            "<p>Số liệu tổng hợp cho thấy công tác vận động viện trợ phi chính phủ nước ngoài của tỉnh Cà Mau "
            "được đẩy mạnh qua từng nhiệm kỳ; giá trị viện trợ nhiệm kỳ này tăng so với nhiệm kỳ 2005 – 2010.</p>"
            '<table><thead><tr><th scope="col">Chỉ tiêu</th><th scope="col">Số liệu</th></tr></thead>'
            "<tbody><tr><td>Tổ chức PCPNN và tổ chức quốc tế có quan hệ</td><td>85</td></tr>"
            "<tr><td>Tổ chức có chương trình, dự án, phi dự án</td><td>79</td></tr>"
            "<tr><td>Tổng giá trị cam kết 2003 – 2015</td><td>hơn 29.000.000 USD</td></tr>"
            "<tr><td>Đoàn vào / lượt khách (từ 2003)</td><td>107 / 507</td></tr>"
            "<tr><td>Đoàn ra / lượt cán bộ (từ 2003)</td><td>137 / hơn 400</td></tr></tbody></table>"
            "<p>Các chương trình xúc tiến vận động viện trợ giai đoạn 2006 – 2010 và 2014 – 2017 là khung "
            "định hướng cho hoạt động này.</p>"
        ),
        "language": Language.VI,
        "categories": ["vien-tro-phi-chinh-phu"],
        "tags": ["Số liệu"],
        "days_ago": 12,
    },
    {
        "slug": "hon-9000-luot-kieu-bao-ve-tham-ca-mau",
        "title": "Hơn 9.000 lượt kiều bào về thăm Cà Mau từ năm 2006",
        "summary": "Người Việt Nam ở nước ngoài về thăm quê, tìm hiểu cơ hội đầu tư; 17 doanh nghiệp do kiều bào "
        "đầu tư đang hoạt động tại tỉnh.",
        "body": (
            "<p>Từ năm 2006 đến nay, đã có hơn <strong>9.000 lượt</strong> kiều bào về Cà Mau thăm thân nhân "
            "và tìm hiểu cơ hội kinh doanh. Hiện có <strong>17 doanh nghiệp</strong> do người Việt Nam ở nước "
            "ngoài đầu tư trên địa bàn tỉnh.</p>"
            "<p>Liên hiệp hữu nghị tỉnh tiếp tục làm cầu nối để kiều bào hướng về quê hương, góp sức xây dựng "
            "Cà Mau.</p>"
        ),
        "language": Language.VI,
        "categories": ["kieu-bao"],
        "tags": ["Kiều bào"],
        "days_ago": 40,
    },
    {
        "slug": "boi-duong-ky-nang-doi-ngoai-cefalt",
        "title": "Bồi dưỡng kỹ năng đối ngoại cho cán bộ, công chức cùng CEFALT",
        "summary": "Lớp bồi dưỡng do Sở Ngoại vụ phối hợp với Trung tâm CEFALT (Bộ Ngoại giao) tổ chức cho người "
        "làm công tác đối ngoại của tỉnh.",
        "body": (
            "<p>Học viên là công chức, viên chức làm công tác đối ngoại ở các sở, ngành và địa phương. Giảng viên "
            "đến từ Trung tâm Đào tạo, bồi dưỡng kiến thức ngoại giao và ngoại ngữ (CEFALT) tại TP. Hồ Chí Minh.</p>"
            "<ul><li>Lễ tân và nghi thức đối ngoại</li><li>Kỹ năng đón tiếp đoàn nước ngoài</li>"
            "<li>Quản lý hoạt động của tổ chức phi chính phủ nước ngoài</li></ul>"
        ),
        "language": Language.VI,
        "categories": ["dao-tao-boi-duong"],
        "tags": ["Tập huấn"],
        "days_ago": 60,
    },
    {
        "slug": "tap-anh-ca-mau-voi-bau-ban-nuoc-ngoai",
        "title": "Phát hành tập ảnh “Cà Mau với bầu bạn nước ngoài”",
        "summary": "1.000 cuốn tập ảnh gửi tới các tổ chức quốc tế, tổ chức PCPNN và kiều bào (bài đang chờ duyệt).",
        "body": "<p>Bản thảo: tập ảnh giới thiệu Cà Mau và các hoạt động hữu nghị, in 1.000 cuốn.</p>",
        "language": Language.VI,
        "categories": ["hoat-dong-doi-ngoai"],
        "tags": [],
        "days_ago": 0,
        "status": ArticleStatus.REVIEW,
    },
    {
        "slug": "co-thi-dua-hang-nhat-2014",
        "title": "Nhìn lại: Liên hiệp hữu nghị tỉnh nhận Cờ thi đua hạng Nhất năm 2014",
        "summary": "Bài hẹn giờ đăng: nhắc lại phần thưởng của UBND tỉnh và bằng khen của VUFO.",
        "body": "<p>Năm 2014, đơn vị được UBND tỉnh tặng Cờ thi đua hạng Nhất; nhiều cá nhân nhận bằng khen.</p>",
        "language": Language.VI,
        "categories": ["hoat-dong-doi-ngoai"],
        "tags": [],
        "days_ago": -3,  # scheduled three days ahead
    },
]

COMMENTS = [
    # (article slug, name, email, body, status, reply to the comment at this index or None)
    (
        "tong-lanh-su-nhat-ban-tham-dat-mui",
        "Trần Thị Mai",
        "mai.tran@example.com",
        "Đất Mũi rất đẹp, mong có thêm nhiều đoàn khách quốc tế đến Cà Mau.",
        CommentStatus.APPROVED,
        None,
    ),
    (
        "tong-lanh-su-nhat-ban-tham-dat-mui",
        "Ban biên tập",
        "bientap@huunghi-camau.example",
        "Cảm ơn chị Mai! Lịch đón đoàn sẽ được cập nhật ở mục Đoàn ra – đoàn vào.",
        CommentStatus.APPROVED,
        0,
    ),
    (
        "trao-dung-cu-hoc-tap-cho-hoc-sinh-dong-thoi",
        "Lê Văn Hùng",
        "hung.le@example.com",
        "Cảm ơn Loreto Kids Charity đã giúp các em học sinh Đông Thới.",
        CommentStatus.APPROVED,
        None,
    ),
    (
        "trao-dung-cu-hoc-tap-cho-hoc-sinh-dong-thoi",
        "Phạm Ngọc Anh",
        "anh.pham@example.com",
        "Trường ở Cái Nước còn cần thêm sách tham khảo, mong các nhà tài trợ quan tâm.",
        CommentStatus.PENDING,
        None,
    ),
]


def load(stdout=None) -> int:
    now = timezone.now()
    categories = {}
    for name, name_en, slug, order in CATEGORIES:
        categories[slug] = Category.objects.filter(slug=slug).first() or Category.objects.create(
            name=name, name_en=name_en, slug=slug, order=order
        )

    created = 0
    articles = {}
    for spec in ARTICLES:
        article = Article.objects.filter(slug=spec["slug"]).first()
        if article is None:
            article = Article(
                slug=spec["slug"],
                title=spec["title"],
                summary=spec["summary"],
                body=spec["body"],
                language=spec["language"],
                status=spec.get("status", ArticleStatus.PUBLISHED),
                publish_at=(now - datetime.timedelta(days=spec["days_ago"])).replace(
                    hour=8, minute=30, second=0, microsecond=0
                ),
                byline="Ban biên tập" if spec["language"] == Language.VI else "Editorial team",
            )
            article.save()
            article.categories.set([categories[c] for c in spec["categories"]])
            article.tags.set([Tag.objects.get_or_create(name=t)[0] for t in spec["tags"]])
            article.partners.set(Partner.objects.filter(code__in=spec.get("partners", [])))
            created += 1
        articles[spec["slug"]] = article

    vi, en = articles["tong-lanh-su-nhat-ban-tham-dat-mui"], articles["consul-general-of-japan-visits-dat-mui"]
    if vi.translation_id != en.pk:
        article_link_translation(article=vi, translation=en)

    if not Comment.objects.filter(article__in=articles.values()).exists():
        made = []
        for slug, name, email, body, status, reply_to in COMMENTS:
            comment = Comment(
                article=articles[slug],
                parent=made[reply_to] if reply_to is not None else None,
                name=name,
                email=email,
                body=body,
                status=status,
                moderated_at=now if status == CommentStatus.APPROVED else None,
            )
            comment.save()
            made.append(comment)

    if stdout is not None:
        stdout.write(f"Tin tức: {created} bài mới.")
    return created
