// The provenance network, interactive. The server draws it in columns (that picture is what a
// browser without JavaScript shows); here d3-force lays it out by its links, and a person can
// drag a node, zoom with the wheel, pan by dragging the background, and light a node's links by
// pointing at it or tabbing to it. Nodes stay links to their pages. Nodes and links are read
// from the SVG itself, so there is one source of truth: the server's drawing.
(function () {
  "use strict";
  var svg = document.getElementById("network");
  if (!svg || !window.d3 || !window.d3.forceSimulation) return;
  var d3 = window.d3;
  var viewport = svg.querySelector(".viewport");
  var box = svg.viewBox.baseVal, width = box.width, height = box.height;
  var view = { k: 1, x: 0, y: 0 };
  var byId = new Map();

  var nodes = Array.prototype.map.call(svg.querySelectorAll(".node"), function (el) {
    var at = /translate\(([-\d.]+),([-\d.]+)\)/.exec(el.getAttribute("transform"));
    var node = { id: el.getAttribute("data-id"), el: el, x: +at[1], y: +at[2], home: [+at[1], +at[2]],
                 source: el.classList.contains("source") };
    byId.set(node.id, node);
    return node;
  });
  var links = Array.prototype.map.call(svg.querySelectorAll(".link"), function (el) {
    return { source: byId.get(el.getAttribute("data-source")), target: byId.get(el.getAttribute("data-target")),
             el: el, home: el.getAttribute("d"), derived: el.classList.contains("derived") };
  });
  var around = new Map(nodes.map(function (n) { return [n, [n]]; }));
  links.forEach(function (l) { around.get(l.source).push(l.target); around.get(l.target).push(l.source); });

  function draw() {
    nodes.forEach(function (n) { n.el.setAttribute("transform", "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")"); });
    links.forEach(function (l) {
      l.el.setAttribute("d", "M" + l.source.x.toFixed(1) + "," + l.source.y.toFixed(1) + " L" + l.target.x.toFixed(1) + "," + l.target.y.toFixed(1));
    });
  }
  function zoom() { viewport.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")"); }

  var simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).distance(function (l) { return l.derived ? 30 : 48; }).strength(0.6))
    .force("charge", d3.forceManyBody().strength(-60))
    .force("collide", d3.forceCollide(function (n) { return n.source ? 12 : 8; }))
    .force("x", d3.forceX(width / 2).strength(0.05))
    .force("y", d3.forceY(height / 2).strength(0.07))
    .stop();
  var forced = false;
  function asNetwork() {
    forced = true;
    simulation.alpha(1);
    for (var i = 0; i < 300; i++) simulation.tick();  // settle before showing: no wobbling picture
    draw();
    fit();
    svg.classList.add("forced");
    simulation.on("tick", draw);
  }
  // after the layout settles, frame it: the force layout is much smaller than the columns
  var columns = [box.x, box.y, box.width, box.height].join(" ");
  function fit() {
    var xs = nodes.map(function (n) { return n.x; }), ys = nodes.map(function (n) { return n.y; });
    var x0 = Math.min.apply(null, xs) - 120, x1 = Math.max.apply(null, xs) + 120;
    var y0 = Math.min.apply(null, ys) - 30, y1 = Math.max.apply(null, ys) + 30;
    svg.setAttribute("viewBox", [x0, y0, x1 - x0, y1 - y0].map(function (v) { return v.toFixed(0); }).join(" "));
    view = { k: 1, x: 0, y: 0 };
    zoom();
  }
  function asColumns() {
    svg.setAttribute("viewBox", columns);
    view = { k: 1, x: 0, y: 0 };
    zoom();
    forced = false;
    simulation.stop().on("tick", null);
    nodes.forEach(function (n) { n.x = n.home[0]; n.y = n.home[1]; n.fx = n.fy = null; });
    nodes.forEach(function (n) { n.el.setAttribute("transform", "translate(" + n.x + "," + n.y + ")"); });
    links.forEach(function (l) { l.el.setAttribute("d", l.home); });
    svg.classList.remove("forced");
  }

  // light a node's neighbourhood
  function light(node) {
    var near = new Set(around.get(node));
    svg.classList.add("dim");
    nodes.forEach(function (n) { n.el.classList.toggle("lit", near.has(n)); });
    links.forEach(function (l) { l.el.classList.toggle("lit", l.source === node || l.target === node); });
  }
  function unlight() {
    svg.classList.remove("dim");
    svg.querySelectorAll(".lit").forEach(function (el) { el.classList.remove("lit"); });
  }
  nodes.forEach(function (n) {
    n.el.addEventListener("pointerenter", function () { light(n); });
    n.el.addEventListener("pointerleave", unlight);
    n.el.addEventListener("focus", function () { light(n); });
    n.el.addEventListener("blur", unlight);
  });

  // pointer: drag a node, pan the background, zoom with the wheel
  function point(event) {
    var p = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
    return { x: (p.x - view.x) / view.k, y: (p.y - view.y) / view.k, sx: p.x, sy: p.y };
  }
  var drag = null, suppressClickUntil = 0;
  svg.addEventListener("click", function (event) {
    if (window.performance.now() < suppressClickUntil) { event.preventDefault(); event.stopPropagation(); }
  }, true);
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    var el = event.target.closest(".node");
    var at = point(event);
    drag = { node: el ? byId.get(el.getAttribute("data-id")) : null, start: at, moved: false, view: { x: view.x, y: view.y } };
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var at = point(event);
    if (!drag.moved && Math.hypot(at.sx - drag.start.sx, at.sy - drag.start.sy) < 4) return;
    if (!drag.moved) svg.setPointerCapture(event.pointerId);  // only now: a plain click must reach the link
    drag.moved = true;
    svg.classList.add("dragging");
    if (drag.node) {
      if (!forced) asNetwork();
      drag.node.fx = at.x; drag.node.fy = at.y;
      simulation.alphaTarget(0.2).restart();
    } else {
      view.x = drag.view.x + (at.sx - drag.start.sx);
      view.y = drag.view.y + (at.sy - drag.start.sy);
      zoom();
    }
  });
  function release() {
    if (!drag) return;
    if (drag.node) { drag.node.fx = drag.node.fy = null; simulation.alphaTarget(0); }
    svg.classList.remove("dragging");
    if (drag.moved) suppressClickUntil = window.performance.now() + 400;  // a drag is not a click
    drag = null;
  }
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = point(event);
    var k = Math.min(6, Math.max(0.4, view.k * Math.exp(-event.deltaY * 0.0015)));
    view.x = at.sx - at.x * k; view.y = at.sy - at.y * k; view.k = k;
    zoom();
  }, { passive: false });

  var button = document.getElementById("network-layout");
  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  if (button) {
    button.addEventListener("click", function () {
      if (forced) { asColumns(); button.textContent = "Show as a network"; }
      else { asNetwork(); button.textContent = "Show in columns"; }
    });
  }
  asNetwork();
})();
