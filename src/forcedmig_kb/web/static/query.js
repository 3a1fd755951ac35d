// The query page: YASGUI on this server's /sparql, one tab per named query (queries/*.rq).
// Everything it could fetch from elsewhere is turned off: prefixes come from /prefixes.json
// (this server), the class and property completers (which ask Linked Open Vocabularies) are not
// enabled, the endpoint list offers only this endpoint, and nothing is kept in localStorage, so
// the tabs are always the named queries as they are now. The page's Content-Security-Policy
// refuses any other host besides.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  var data = document.getElementById("named-queries");
  if (!root || !data || !window.Yasgui) return;
  var Yasgui = window.Yasgui.default || window.Yasgui;
  var tabs = JSON.parse(data.textContent);
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).href;
  var selected = root.getAttribute("data-selected");

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: null,
    autoAddOnInit: false,
    populateFromUrl: false,
    autofocus: false,
    yasqe: {
      autocompleters: ["prefixes", "variables"],
      prefixCcApi: new URL(root.getAttribute("data-prefixes"), window.location.href).href,
      persistenceId: null,
      resizeable: true,
      editorHeight: "22rem"
    },
    yasr: { persistenceId: null }
  });
  tabs.forEach(function (tab) {
    yasgui.addTab(tab.name === selected, { name: tab.name, yasqe: { value: tab.query }, requestConfig: { endpoint: endpoint } });
  });
  window.fmkbYasgui = yasgui;  // for the browser tests and the curious
})();
