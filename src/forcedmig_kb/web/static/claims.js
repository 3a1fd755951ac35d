// The claims table, enhanced: a filter applies as soon as it is chosen (the search box after a
// short pause), and a column header sorts, without a page load. The server still does all the
// filtering and sorting (the same GET the form sends without JavaScript): this only fetches
// the page for the new query and swaps its results in.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  var pending = null, timer = null;

  function url(extra) {
    var params = new URLSearchParams(new FormData(form)), kept = new URLSearchParams();
    Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
    params.forEach(function (value, key) { if (value) kept.append(key, value); });
    return form.getAttribute("action") + "?" + kept.toString();
  }

  function load(target, focusSorted) {
    if (pending) pending.abort();
    pending = new AbortController();
    var results = document.getElementById("results");
    results.setAttribute("aria-busy", "true");
    fetch(target, { headers: { Accept: "text/html" }, signal: pending.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("results");
        if (!fresh) throw new Error("no results in the answer");
        results.replaceWith(fresh);
        var address = new URL(target, window.location.href);
        form.elements.sort.value = address.searchParams.get("sort") || "text";
        form.elements.order.value = address.searchParams.get("order") || "asc";
        window.history.replaceState(null, "", address.pathname + address.search);
        if (focusSorted) {
          var sorted = fresh.querySelector("thead th[aria-sort] a");
          if (sorted) sorted.focus();
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") window.location.href = target;  // a plain page load then
      });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); load(url()); });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") load(url());
  });
  form.addEventListener("input", function (event) {
    if (event.target.type !== "search") return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { load(url()); }, 250);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#results thead a");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    load(link.getAttribute("href").charAt(0) === "?" ? form.getAttribute("action") + link.getAttribute("href") : link.href, true);
  });
})();
