"""The extract bench's Python peer: xml.etree.ElementTree.iterparse doing the same extraction as
`xmlpool run --task extract` (bench/rows.mjs: EXTRACT_COLUMNS) to one CSV.

Usage: python3 bench/peers/extract_etree.py ROW_TAG FILE_LIST OUT_CSV
Records are the elements named ROW_TAG in the corpus's default namespace; each gives one row:
id (attribute), kind (x:kind attribute), price (attribute), status (attribute), name (child text),
total (child text). Prints one JSON line with the file and row counts.
"""
import csv
import json
import sys
import xml.etree.ElementTree as ET

NS = "{urn:xmlpool:bench}"
X = "{urn:xmlpool:bench:ext}"


def text_of(element):
    return "" if element is None else "".join(element.itertext()).strip()


def main():
    row_tag = NS + sys.argv[1]
    with open(sys.argv[2], encoding="utf-8") as listing:
        files = [line.rstrip("\n") for line in listing if line.strip()]
    rows = 0
    with open(sys.argv[3], "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["id", "kind", "price", "status", "name", "total"])
        for path in files:
            for event, element in ET.iterparse(path, events=("end",)):
                if element.tag != row_tag:
                    continue
                writer.writerow([
                    element.get("id", "").strip(),
                    element.get(X + "kind", "").strip(),
                    element.get("price", "").strip(),
                    element.get("status", "").strip(),
                    text_of(element.find(NS + "name")),
                    text_of(element.find(NS + "total")),
                ])
                rows += 1
                element.clear()
    print(json.dumps({"files": len(files), "rows": rows}))


if __name__ == "__main__":
    main()
