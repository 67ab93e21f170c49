"""Demo albums for `make run` (development only): drawn scenes — sky, water, mangrove silhouettes —
clearly labelled as illustrations, so the gallery, the album on an event page and the renditions can be
seen without shipping photographs. Not run by the tests (no files written to media/ there)."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from .models import Album
from .services import photo_add

PALETTES = [
    ((255, 183, 94), (236, 110, 76), (40, 84, 110)),  # sunset over the river
    ((160, 206, 235), (226, 240, 250), (46, 110, 140)),  # clear morning
    ((255, 214, 170), (250, 160, 120), (70, 70, 110)),  # dusk
    ((190, 220, 200), (240, 248, 235), (52, 120, 96)),  # green season
]
ALBUMS = [
    "Cà Mau – đất và người (ảnh minh họa)",
    "Hội thảo bảo tồn khu dự trữ sinh quyển (ảnh minh họa)",
]
SCENES = [
    "rừng ngập mặn ven sông lúc hoàng hôn",
    "mặt nước và rừng đước buổi sáng",
    "bờ biển Đất Mũi lúc chiều tối",
    "cánh đồng và hàng cây mùa mưa",
]


def scene(seed: int, width: int = 1600, height: int = 1000) -> bytes:
    """A JPEG of a drawn landscape: gradient sky, sun, water, tree silhouettes."""
    rng = random.Random(seed)
    top, bottom, water = PALETTES[(seed + seed // len(PALETTES)) % len(PALETTES)]  # each album its own order
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.62)
    for y in range(horizon):
        t = y / horizon
        draw.line([(0, y), (width, y)], fill=tuple(int(top[i] * (1 - t) + bottom[i] * t) for i in range(3)))
    sun_x, sun_r = rng.randint(width // 5, width * 4 // 5), rng.randint(50, 90)
    draw.ellipse([sun_x - sun_r, horizon - 2.4 * sun_r, sun_x + sun_r, horizon - 0.4 * sun_r], fill=(255, 240, 200))
    for y in range(horizon, height):
        t = (y - horizon) / (height - horizon)
        draw.line([(0, y), (width, y)], fill=tuple(int(water[i] * (1 - 0.5 * t)) for i in range(3)))
    x = 0
    while x < width:  # mangrove crowns and stilt roots along the horizon
        crown, trunk = rng.randint(40, 110), rng.randint(60, 160)
        shade = tuple(max(0, c - 150) for c in water)
        draw.ellipse([x, horizon - trunk - crown, x + 2 * crown, horizon - trunk + crown // 2], fill=shade)
        for root in range(4):
            rx = x + crown // 2 + root * crown // 3
            draw.line([(x + crown, horizon - trunk), (rx, horizon + 6)], fill=shade, width=4)
        x += rng.randint(crown, 2 * crown + 40)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86)
    return buffer.getvalue()


def load_albums() -> list[tuple[Album, bool]]:
    """The demo albums (each made with its drawn photos when missing, matched by title), and whether
    each was made now. Attaching them to records is the demo orchestration's job (it knows the apps
    above the gallery)."""
    found = []
    for number, title in enumerate(ALBUMS):
        album, made = Album.objects.get_or_create(
            title=title,
            defaults={"description": "Hình vẽ tạo tự động để minh họa thư viện ảnh; không phải ảnh chụp thật."},
        )
        if made:
            for index, caption in enumerate(SCENES):
                seed = number * len(SCENES) + index
                photo_add(
                    album=album,
                    image=ContentFile(scene(seed), name=f"minh-hoa-{seed}.jpg"),
                    alt_text=f"Hình minh họa: {caption}",
                    caption=f"{caption[0].upper()}{caption[1:]} (hình minh họa)",
                    credit="Hình vẽ minh họa",
                    order=index,
                )
        found.append((album, made))
    return found
