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
                }).addTo(map);
                map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 10 });
            })
            .catch(function () { element.hidden = true; });
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
