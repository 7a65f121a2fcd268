"""Reads a .pptx with python-pptx and prints what the tests check, as JSON.

Usage: python3 tests/pptx/read_pptx.py DECK.pptx

For each slide: its title (the title placeholder's text), its speaker notes,
each picture with its alt text and whether it carries an SVG as well as its
PNG, and each shape with text (an editable slide's title placeholder and
text boxes) with its paragraphs' text; for the deck: the slide size and the
core properties.
"""

import json
import sys

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

SVG_BLIP = "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip"


def picture(shape):
    blip = shape._element.blipFill.blip
    return {
        "descr": shape._element.nvPicPr.cNvPr.get("descr"),
        "svg": blip is not None and blip.find(".//" + SVG_BLIP) is not None,
        "png": shape.image.content_type,
        "box": [shape.left, shape.top, shape.width, shape.height],
    }


def text_shape(shape):
    return {
        "title": shape.is_placeholder and shape == shape.part.slide.shapes.title,
        "paragraphs": [p.text for p in shape.text_frame.paragraphs],
        "box": [shape.left, shape.top, shape.width, shape.height],
    }


def slide(s):
    title = s.shapes.title
    # The shapes drawn over the picture: an editable slide's text.
    order = [sh.shape_id for sh in s.shapes]
    pictures = [i for i, sh in enumerate(s.shapes) if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    above = [sh for i, sh in enumerate(s.shapes) if pictures and i > pictures[0] and sh.has_text_frame]
    return {
        "title": None if title is None else title.text_frame.text,
        "notes": s.notes_slide.notes_text_frame.text if s.has_notes_slide else None,
        "pictures": [picture(p) for p in s.shapes if p.shape_type == MSO_SHAPE_TYPE.PICTURE],
        "texts": [text_shape(sh) for sh in above],
        "shape_ids": order,
    }


def main(path):
    prs = Presentation(path)
    core = prs.core_properties
    print(json.dumps({
        "width": prs.slide_width,
        "height": prs.slide_height,
        "core": {
            "title": core.title,
            "subject": core.subject,
            "author": core.author,
            "language": core.language,
            "created": core.created.isoformat() if core.created else None,
        },
        "slides": [slide(s) for s in prs.slides],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
