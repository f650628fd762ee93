// The engine's dashboard: live from /api/events (Server-Sent Events), nothing fetched from elsewhere.
"use strict";

const WINDOW_MS = 60_000; // the charts show the last minute
const RATE_MS = 2_000;    // rates are taken over this much time, so one chunk's arrival does not make a spike
const samples = [];       // { at, rate, helpers, busy }
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
      const rate = running ? jobRate(job) : (job.elapsed_s > 0 ? job.items_done / job.elapsed_s : 0);
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
  const now = Date.now();
  for (const job of jobs.filter(j => j.state === "running")) {
    const seen = jobSamples.get(job.job_id) || [];
    seen.push({ elapsed: job.elapsed_s, items: job.items_done });
    while (seen.length > 1 && seen[seen.length - 1].elapsed - seen[0].elapsed > RATE_MS / 1000) seen.shift();
    jobSamples.set(job.job_id, seen);
  }
  for (const id of [...jobSamples.keys()]) if (!jobs.some(j => j.job_id === id && j.state === "running")) jobSamples.delete(id);
  samples.push({
    at: now,
    rate: jobs.filter(j => j.state === "running").reduce((sum, j) => sum + jobRate(j), 0),
    helpers: jobs.filter(j => j.state === "running").reduce((sum, j) => sum + j.helpers, 0),
    busy: busyNow,
  });
  while (samples.length > 0 && now - samples[0].at > WINDOW_MS) samples.shift();
  draw("throughput", now, [{ key: "rate", color: "#2563eb" }]);
  draw("helpers", now, [{ key: "helpers", color: "#2563eb" }, { key: "busy", color: "#16a34a", dash: [6, 4] }]);
}

const jobSamples = new Map(); // job id -> its last samples within RATE_MS of job time

/** Items per second over the job's last RATE_MS (its own clock), or its average until two samples exist. */
function jobRate(job) {
  const seen = jobSamples.get(job.job_id);
  if (seen && seen.length > 1) {
    const first = seen[0], last = seen[seen.length - 1];
    if (last.elapsed > first.elapsed) return (last.items - first.items) / (last.elapsed - first.elapsed);
  }
  return job.elapsed_s > 0 ? job.items_done / job.elapsed_s : 0;
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

/** An upper bound for an axis of four steps: whole steps for small counts (helpers), 1, 2 or 5 times a power of ten above. */
function niceMax(value) {
  if (value <= 40) return Math.max(4, Math.ceil(value / 4) * 4);
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function draw(id, now, lines) {
  const canvas = document.getElementById(id);
  const g = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, left = 70, bottom = 18, top = 8;
  g.clearRect(0, 0, w, h);
  const max = niceMax(Math.max(1, ...lines.flatMap(l => samples.map(s => s[l.key]))));
  const x = at => left + ((w - left - 6) * (WINDOW_MS - (now - at))) / WINDOW_MS;
  const y = v => h - bottom - ((h - bottom - top) * v) / max;
  g.font = "11px system-ui, sans-serif";
  g.fillStyle = "#6b7280";
  g.strokeStyle = "#e5e7eb";
  g.lineWidth = 1;
  g.setLineDash([]);
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    g.beginPath(); g.moveTo(left, y(v)); g.lineTo(w - 4, y(v)); g.stroke();
    g.fillText(Number.isInteger(v) ? fmt(v) : v.toFixed(1), 4, y(v) + 4);
  }
  for (const s of [60, 45, 30, 15, 0]) g.fillText(s === 0 ? "now" : `-${s}s`, x(now - s * 1000) - (s === 0 ? 22 : 10), h - 4);
  for (const line of lines) {
    g.strokeStyle = line.color;
    g.lineWidth = 2;
    g.setLineDash(line.dash || []);
    g.beginPath();
    samples.forEach((s, i) => (i === 0 ? g.moveTo(x(s.at), y(s[line.key])) : g.lineTo(x(s.at), y(s[line.key]))));
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
