"""Write world_shapes.json, the map of "at a glance", from Natural Earth's 1:110m countries.

Run by hand when the shapes should change, not by the app:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    pip install pycountry  # ISO numeric codes to alpha-3, for this script only
    python events/data/make_world_shapes.py package/countries-110m.json events/data/world_shapes.json

Each country becomes one SVG path in a 1000 × 501 box (Miller projection, latitudes 58° S to
84° N, Antarctica left out), rounded to whole units and written with relative moves.
"""

import itertools
import json
import math
import sys

WIDTH, TOP, BOTTOM = 1000, 84, -58
# Drawn apart by Natural Earth, without a code: drawn with the State the UN lists them under.
UNCODED = {"N. Cyprus": "196", "Somaliland": "706", "Kosovo": "688"}


def miller(lon, lat):
    def stretch(latitude):
        latitude = max(min(latitude, TOP), BOTTOM)
        return 1.25 * math.log(math.tan(math.pi / 4 + 0.4 * math.radians(latitude)))

    return (lon + 180) / 360 * WIDTH, (stretch(TOP) - stretch(lat)) / (2 * math.pi) * WIDTH


def decoded_arcs(topology):
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(arcs, indices):
    points = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def ring_path(points):
    projected = [miller(*point) for point in points]
    # A ring across the 180th meridian (Russia, Fiji) goes on past the edge of the box, where
    # the viewBox cuts it, rather than drawing a line back across the whole world.
    shift, unwrapped = 0, [projected[0]]
    for (x0, _), (x1, y1) in itertools.pairwise(projected):
        if x1 - x0 > WIDTH / 2:
            shift -= WIDTH
        elif x0 - x1 > WIDTH / 2:
            shift += WIDTH
        unwrapped.append((x1 + shift, y1))
    rounded = []
    for x, y in unwrapped:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) < 3:
        return ""
    path = "M{} {}".format(*rounded[0])
    for (x0, y0), (x1, y1) in itertools.pairwise(rounded):
        path += f"l{x1 - x0} {y1 - y0}"
    return path + "z"


def shapes_of(topology):
    import pycountry

    arcs = decoded_arcs(topology)
    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id") or UNCODED[geometry["properties"]["name"]]
        country = pycountry.countries.get(numeric=code)
        if not country or country.alpha_3 == "ATA":
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = "".join(
            ring_path(ring_points(arcs, ring)) for polygon in polygons for ring in polygon
        )
        if path:
            shapes[country.alpha_3] = shapes.get(country.alpha_3, "") + path
    return dict(sorted(shapes.items()))


if __name__ == "__main__":
    source, target = sys.argv[1:3]
    with open(source) as file:
        shapes = shapes_of(json.load(file))
    with open(target, "w") as file:
        json.dump(shapes, file, separators=(",", ":"))
