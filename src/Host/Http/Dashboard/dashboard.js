// The engine's dashboard: live from /api/events (Server-Sent Events), nothing fetched from elsewhere.
"use strict";

const HISTORY = 120; // samples kept per chart
const history = { t: [], throughput: [], helpers: [], busy: [] };
const lastSample = new Map(); // job id -> { elapsed, items }, for each job's current rate
let busyNow = 0;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) node.append(child);
  return node;
}

const number = new Intl.NumberFormat("en-US");
const fmt = n => number.format(Math.round(n));
const pct = (done, total) => (total > 0 ? (100 * done) / total : 100);

function bar(done, total, label) {
  const fill = el("div", { class: "fill" });
  fill.style.width = `${Math.min(100, pct(done, total)).toFixed(1)}%`;
  return el("div", { class: "bar" }, fill, el("span", { class: "label" }, label));
}

function renderJobs(data) {
  const jobs = data.jobs;
  const box = document.getElementById("jobs");
  if (jobs.length === 0) {
    box.replaceChildren(el("p", { class: "muted" }, "No job yet."));
  } else {
    box.replaceChildren(...jobs.map(job => {
      const running = job.state === "running";
      const previous = lastSample.get(job.job_id);
      let rate = job.elapsed_s > 0 ? job.items_done / job.elapsed_s : 0;
      if (running && previous && job.elapsed_s > previous.elapsed)
        rate = (job.items_done - previous.items) / (job.elapsed_s - previous.elapsed);
      const percent = pct(job.chunks_done, job.chunks);
      const failed = !running && job.state !== "completed";
      const card = el("div", {
        class: failed ? "job failed" : "job",
        "data-job-id": job.job_id, "data-kernel": job.kernel, "data-state": job.state,
        "data-chunks": job.chunks, "data-chunks-done": job.chunks_done, "data-percent": percent.toFixed(1),
      },
        el("div", { class: "title" },
          el("span", { class: "id" }, job.job_id), el("b", {}, job.kernel), el("span", { class: "state" }, job.state),
          el("span", { class: "muted" }, `${job.elapsed_s.toFixed(1)} s`)),
        bar(job.chunks_done, job.chunks,
          `${percent.toFixed(1)}%: ${fmt(job.chunks_done)} of ${fmt(job.chunks)} chunks, ${fmt(job.items_done)} of ${fmt(job.items)} items`),
        el("div", { class: "figures" },
          el("span", {}, el("b", {}, fmt(rate)), running ? " items/s now" : " items/s"),
          el("span", {}, "helpers ", el("b", {}, `${job.helpers}`), ` (peak ${job.peak_helpers})`),
          el("span", { class: "requeued" }, "requeued spans ", el("b", {}, `${job.requeued}`)),
          el("span", {}, "duplicates dropped ", el("b", {}, `${job.duplicates_dropped}`)),
          el("span", { class: "failures" }, "failed spans ", el("b", {}, `${job.failed_spans}`))));
      if (job.reason) card.append(el("div", { class: "reason" }, job.reason));
      return card;
    }));
  }
  const running = jobs.filter(j => j.state === "running");
  let throughput = 0;
  for (const job of running) {
    const previous = lastSample.get(job.job_id);
    if (previous && job.elapsed_s > previous.elapsed)
      throughput += (job.items_done - previous.items) / (job.elapsed_s - previous.elapsed);
  }
  lastSample.clear();
  for (const job of running) lastSample.set(job.job_id, { elapsed: job.elapsed_s, items: job.items_done });
  push(throughput, running.reduce((sum, j) => sum + j.helpers, 0));
}

function renderMembers(data) {
  document.getElementById("member").textContent = `this member: ${data.this_member}`;
  const error = document.getElementById("members-error");
  error.hidden = !data.error;
  error.textContent = data.error || "";
  busyNow = data.members.reduce((sum, m) => sum + (m.busy_helpers || 0), 0);
  document.getElementById("members").replaceChildren(...data.members.map(member =>
    el("div", { class: "member", "data-address": member.address, "data-status": member.status },
      el("div", {},
        el("span", { class: "address" }, member.address), " ", el("span", { class: "muted" }, member.status),
        member.global_cap == null ? el("span", { class: "error" }, " not answering")
          : el("span", {}, ` · ${member.busy_helpers} of ${member.global_cap} helpers busy (global cap) · open jobs ${member.open_jobs}`),
        el("span", { class: "muted" }, ` · kernels ${member.kernels.join(", ")}`)),
      el("div", { class: "nodes" }, ...member.nodes.map(node =>
        el("div", { class: "node", "data-node": node.id },
          el("div", {}, el("b", {}, `node ${node.id}`), el("span", { class: "muted" }, ` CPUs ${node.cpus.join(",")}`)),
          node.cap == null ? el("span", { class: "muted" }, "no answer")
            : bar(node.busy, node.cap, `${node.busy} busy of cap ${node.cap} · ${node.idle} idle`)))))));
  document.querySelector("#decisions tbody").replaceChildren(...data.decisions.map(d =>
    el("tr", {}, el("td", {}, d.rule), el("td", {}, d.why))));
}

function push(throughput, helpers) {
  history.t.push(Date.now());
  history.throughput.push(throughput);
  history.helpers.push(helpers);
  history.busy.push(busyNow);
  for (const series of Object.values(history)) if (series.length > HISTORY) series.shift();
  draw("throughput", [{ values: history.throughput, color: "#2563eb" }]);
  draw("helpers", [{ values: history.helpers, color: "#2563eb" }, { values: history.busy, color: "#16a34a" }]);
}

function draw(id, lines) {
  const canvas = document.getElementById(id);
  const g = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, pad = 28;
  g.clearRect(0, 0, w, h);
  const max = Math.max(1, ...lines.flatMap(l => l.values));
  g.strokeStyle = "#e5e7eb";
  g.fillStyle = "#6b7280";
  g.font = "11px system-ui, sans-serif";
  for (let i = 0; i <= 4; i++) {
    const y = h - pad / 2 - ((h - pad) * i) / 4;
    g.beginPath(); g.moveTo(pad * 2, y); g.lineTo(w - 4, y); g.stroke();
    g.fillText(fmt((max * i) / 4), 2, y + 4);
  }
  for (const line of lines) {
    g.strokeStyle = line.color;
    g.lineWidth = 2;
    g.beginPath();
    line.values.forEach((v, i) => {
      const x = pad * 2 + ((w - pad * 2 - 4) * i) / (HISTORY - 1);
      const y = h - pad / 2 - ((h - pad) * v) / max;
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
  }
}

function connect() {
  const badge = document.getElementById("connection");
  const events = new EventSource("/api/events");
  events.onopen = () => { badge.textContent = "live"; badge.dataset.state = "live"; };
  events.onerror = () => { badge.textContent = "reconnecting"; badge.dataset.state = "lost"; };
  events.addEventListener("jobs", e => renderJobs(JSON.parse(e.data)));
  events.addEventListener("members", e => renderMembers(JSON.parse(e.data)));
}

connect();
