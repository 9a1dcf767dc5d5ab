"""The Python recipe xmlpool replaces: multiprocessing.Pool(N).map(process_xml, files).

Each file is parsed with xml.etree.ElementTree and every element is iterated, which is what a
typical "count / inspect every element" script does. Prints one JSON line with totals.

Usage: python3 bench/python_recipe.py WORKERS FILE_LIST
  FILE_LIST is a text file with one path per line (too many paths for argv otherwise).
"""
import json
import sys
import xml.etree.ElementTree as ET
from multiprocessing import Pool


def process_xml(path):
    tree = ET.parse(path)
    elements = 0
    attributes = 0
    for element in tree.iter():
        elements += 1
        attributes += len(element.attrib)
    return elements, attributes


def main():
    workers = int(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as listing:
        files = [line.rstrip("\n") for line in listing if line.strip()]
    with Pool(workers) as pool:
        counts = pool.map(process_xml, files)
    print(json.dumps({
        "files": len(files),
        "elements": sum(c[0] for c in counts),
        "attributes": sum(c[1] for c in counts),
    }))


if __name__ == "__main__":
    main()
