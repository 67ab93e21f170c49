"""An offline map of a province's communes, drawn from data we already ship.

No package we can install ships the 2025 communes' boundaries: vietnamadminunits (pinned, MIT) gives
each commune's centre and area, nothing more. So the map is a faithful schematic, and says so: each
current commune is the Voronoi cell of its centre (the area closer to it than to any other commune's
centre), clipped to the province's outline approximated as the concave hull of all its centres,
widened by about 5 km. Computed with shapely (pinned; already installed for vietnamadminunits), in an
equirectangular projection true to scale at the province's mid-latitude, and kept until a reference
record changes: the communes change only with a reform, their names with an edit.
"""

import math

import shapely
from shapely.geometry import MultiPoint
from shapely.ops import voronoi_diagram

from friendship_union.core.versioning import cached

from .models import AdministrativeUnit

MARGIN_DEGREES = 0.045  # ≈ 5 km around the outermost centres: the coast and borders lie beyond them
CONCAVITY = 0.35  # shapely's concave_hull ratio: 1 = convex hull; lower follows the centres closer


def province_map(province_id: int, width: int = 320) -> dict | None:
    """{"width", "height", "cells": {unit id: {"name", "d" (SVG path), "x", "y" (its centre)}}} for the
    current communes of the province, in an SVG viewBox `width` wide; None without three communes
    with coordinates. Kept until a reference record changes (a unit renamed shows its new name on the
    next map); drawn again then, one query."""
    found = cached(
        f"reference:province-map:v2:{province_id}:{width}",
        lambda: _draw(province_id, width) or {},
        timeout=60 * 60 * 24 * 30,
        reads=frozenset({"reference"}),
    )
    return found or None


def _draw(province_id: int, width: int) -> dict | None:
    units = list(
        AdministrativeUnit.objects.current()
        .communes()
        .filter(province_id=province_id, latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list("pk", "name", "latitude", "longitude")
    )
    if len(units) < 3:
        return None
    mid = sum(float(lat) for _pk, _n, lat, _lon in units) / len(units)
    squash = math.cos(math.radians(mid))
    points = [(float(lon) * squash, float(lat)) for _pk, _n, lat, lon in units]
    centres = MultiPoint(points)
    outline = shapely.concave_hull(centres, ratio=CONCAVITY).buffer(MARGIN_DEGREES, join_style="round")
    diagram = voronoi_diagram(centres, envelope=outline.envelope.buffer(1))
    west, south, east, north = outline.bounds
    pad = 3  # room for an outlined cell's stroke at the edge
    scale = (width - 2 * pad) / (east - west)
    height = round((north - south) * scale) + 2 * pad

    def at(x, y):
        return round(pad + (x - west) * scale, 1), round(pad + (north - y) * scale, 1)

    def path(geometry) -> str:
        polygons = [geometry] if geometry.geom_type == "Polygon" else list(getattr(geometry, "geoms", []))
        parts = []
        for polygon in polygons:
            if polygon.geom_type != "Polygon" or polygon.is_empty:
                continue
            corners = [at(x, y) for x, y in polygon.exterior.coords[:-1]]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in corners) + "Z")
        return "".join(parts)

    cells = {}
    for region in diagram.geoms:
        cell = region.intersection(outline)
        for (pk, name, _lat, _lon), point in zip(units, points, strict=True):
            if region.contains(shapely.Point(point)):
                x, y = at(*point)
                cells[pk] = {"name": name, "d": path(cell), "x": x, "y": y}
                break
    return {"width": width, "height": height, "cells": cells}


def shade(values: dict, classes: int = 5) -> dict:
    """({key: band}, [(low, high), …]): band 1..`classes` for positive values, by quantile (about as many
    communes in each band, so one large programme does not wash out the rest), band 0 for nothing; the
    limits of each band, for the legend."""
    positive = sorted(v for v in values.values() if v)
    if not positive:
        return dict.fromkeys(values, 0), []
    limits = []
    for n in range(classes):
        low = positive[len(positive) * n // classes]
        high = positive[min(len(positive) * (n + 1) // classes, len(positive)) - 1]
        if not limits or high > limits[-1][1]:
            limits.append((low, high))
    bands = {}
    for key, value in values.items():
        bands[key] = 0 if not value else next(i + 1 for i, (_low, high) in enumerate(limits) if value <= high)
    return bands, limits


def commune_map(figures: dict[int, dict], marked=(), width: int = 320, provinces: dict | None = None) -> dict | None:
    """The province's communes (reference.maps) shaded by `figures` ({commune id: {"items", "usd"}},
    e.g. AidItemQuerySet.by_commune) and/or with `marked` commune ids outlined, for
    includes/province_map.html; None when the communes have no map. The province is the one most of the
    communes belong to. At most one query (the map itself is cached); none when `provinces` ({commune
    id: its province id}, read once for many maps) is given."""
    ids = set(figures) | set(marked)
    if not ids:
        return None
    if provinces is None:
        provinces = dict(AdministrativeUnit.objects.filter(pk__in=ids).values_list("pk", "province_id"))
    provinces = [provinces[pk] for pk in ids if pk in provinces]
    province = max(set(provinces), key=provinces.count) if provinces else None
    drawn = province_map(province, width) if province else None
    if drawn is None:
        return None
    bands, limits = shade({pk: figure["usd"] for pk, figure in figures.items() if pk in drawn["cells"]})
    cells = [
        {
            **cell,
            "pk": pk,
            "band": bands.get(pk, 0),
            "items": figures.get(pk, {}).get("items", 0),
            "usd": figures.get(pk, {}).get("usd"),
            "marked": pk in marked,
        }
        for pk, cell in drawn["cells"].items()
    ]
    cells.sort(key=lambda cell: cell["marked"])  # outlined cells drawn last, on top
    return {
        "width": drawn["width"],
        "height": drawn["height"],
        "cells": cells,
        "legend": [(band + 1, low, high) for band, (low, high) in enumerate(limits)],
        "rows": sorted((cell for cell in cells if cell["items"]), key=lambda cell: (-cell["usd"], cell["name"])),
    }
