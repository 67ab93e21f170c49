// A stored import's page (admin/core/import_job.html): while the worker reads, checks or writes the
// file, asks the page's JSON (?job=N&json=1) every second and moves the <progress> bars; when the job
// moves on (previewed, written, failed) the page is loaded again to show what it did. Without this
// script the page refreshes itself (a <noscript> meta refresh).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-import-progress]");
  if (!box) return;
  const url = box.dataset.importProgress;
  const started = box.dataset.status;
  const grouped = new Intl.NumberFormat(document.documentElement.lang || "vi");
  const tick = async () => {
    let job;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      job = await response.json();
    } catch (error) {
      window.setTimeout(tick, 3000);
      return;
    }
    if (job.status !== started) {
      window.location.reload();
      return;
    }
    box.querySelectorAll("progress[data-field]").forEach((bar) => {
      bar.value = job[bar.dataset.field] || 0;
    });
    box.querySelectorAll("[data-count]").forEach((count) => {
      count.textContent = grouped.format(job[count.dataset.count] || 0);
    });
    const label = box.querySelector('[data-field="status_label"]');
    if (label) label.textContent = job.status_label;
    window.setTimeout(tick, 1000);
  };
  if (started === "queued" || started === "previewing" || started === "importing") window.setTimeout(tick, 1000);
});
