/* Practice library: maps (Leaflet) and e-mail links. Progressive enhancement: without
   JavaScript the listing, its filters and the contacts work as plain HTML.
   Loaded as a file (the CSP forbids inline scripts); data comes from data-* attributes. */
(function () {
    "use strict";

    function restoreEmails() {
        document.querySelectorAll("[data-email-reversed]").forEach(function (element) {
            var address = element.getAttribute("data-email-reversed").split("").reverse().join("");
            var link = document.createElement("a");
            link.href = "mailto:" + address;
            link.textContent = address;
            link.setAttribute("translate", "no");
            element.replaceChildren(link);
        });
    }

    function baseMap(element) {
        var map = L.map(element, { scrollWheelZoom: false });
        L.tileLayer(element.getAttribute("data-tiles"), {
            maxZoom: 18,
            attribution: element.getAttribute("data-attribution")
        }).addTo(map);
        return map;
    }

    function popupFor(properties) {
        var box = document.createElement("div");
        var link = document.createElement("a");
        link.href = properties.url;
        link.textContent = properties.title;
        box.appendChild(link);
        if (properties.territory) {
            var place = document.createElement("p");
            place.textContent = properties.territory;
            box.appendChild(place);
        }
        return box;
    }

    function listingMap(element) {
        fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/geo+json" } })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) {
                if (!data || !data.features.length) { return; }
                element.hidden = false;
                var map = baseMap(element);
                var layer = L.geoJSON(data, {
                    onEachFeature: function (feature, marker) {
                        marker.bindPopup(popupFor(feature.properties));
                        marker.options.title = feature.properties.title;
                        marker.options.alt = feature.properties.title;
                    }
                });
                map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 10 });
                clustered(element, layer).addTo(map);
            })
            .catch(function () { element.hidden = true; });
    }

    /* Practices close together on the map become one cluster marker, which zooms in when
       pressed: overlapping markers would be targets too small to hit (WCAG 2.5.8). The
       cluster's name says how many practices it holds, in the page's language. */
    function clustered(element, layer) {
        if (typeof L.markerClusterGroup !== "function") { return layer; }
        var label = element.getAttribute("data-cluster-label") || "{count}";
        var group = L.markerClusterGroup({
            maxClusterRadius: 40,
            showCoverageOnHover: false,
            iconCreateFunction: function (cluster) {
                var count = cluster.getChildCount();
                var size = count < 10 ? "small" : (count < 50 ? "medium" : "large");
                var inner = document.createElement("div");
                var number = document.createElement("span");
                number.textContent = count;
                number.setAttribute("aria-hidden", "true");
                inner.appendChild(number);
                var text = document.createElement("span");
                text.className = "visually-hidden";
                text.textContent = label.replace("{count}", count);
                inner.appendChild(text);
                return L.divIcon({
                    html: inner.outerHTML,
                    className: "marker-cluster marker-cluster-" + size,
                    iconSize: L.point(40, 40)
                });
            }
        });
        group.addLayer(layer);
        return group;
    }

    function pointMap(element) {
        var point = JSON.parse(element.getAttribute("data-point"));
        element.hidden = false;
        var map = baseMap(element);
        map.setView(point, 9);
        L.marker(point, { keyboard: false }).addTo(map);
    }

    function initMaps() {
        if (typeof L === "undefined") { return; }
        document.querySelectorAll("[data-practice-map]").forEach(function (element) {
            if (element.hasAttribute("data-geojson")) { listingMap(element); }
            else if (element.hasAttribute("data-point")) { pointMap(element); }
        });
    }

    function init() {
        restoreEmails();
        initMaps();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
