#!/usr/bin/env python3
"""Generate the small image files that Tests/ImageIOTests decode.

Deterministic: running it again writes byte-identical files (given the same
Pillow/libjpeg/libwebp versions), so the committed fixtures can be rebuilt and
reviewed. Needs Pillow (`pip install pillow`) at generation time only; the
Swift tests never run Python.

Usage: python3 scripts/make_imageio_fixtures.py [output-dir]
(default: Tests/ImageIOTests/Fixtures next to this script's repository root).

The pixel patterns here are mirrored in Tests/ImageIOTests/FixturePatterns.swift;
change both together.
"""
import io
import os
import struct
import sys
import zlib

from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests", "ImageIOTests", "Fixtures")


def pattern_pixel(x, y):
    """The colour of pixel (x, y) of the exact-pixel pattern (all formats)."""
    return ((x * 40 + 10) % 256, (y * 60 + 20) % 256, ((x + y) * 25 + 5) % 256)


def pattern(width, height):
    image = Image.new("RGB", (width, height))
    image.putdata([pattern_pixel(x, y) for y in range(height) for x in range(width)])
    return image


# Six distinct colours of the upright 2x3 orientation image, row by row.
UPRIGHT_2x3 = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255), (255, 0, 255)]

# Block colours of JPEG fixtures: flat 8x8 blocks survive JPEG almost exactly.
BLOCK_COLOURS = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (220, 220, 40), (40, 220, 220), (220, 40, 220)]

# PIL transpose that undoes each EXIF orientation (as ImageOps.exif_transpose does).
DISPLAY_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Its inverse: turns the upright picture into what a camera stores.
STORE_TRANSPOSE = {**DISPLAY_TRANSPOSE, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def save(image, name, **options):
    buffer = io.BytesIO()
    image.save(buffer, **options)
    write(name, buffer.getvalue())
    return buffer.getvalue()


def exif_orientation(value):
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def stored_for(upright, orientation):
    stored = upright if orientation == 1 else upright.transpose(STORE_TRANSPOSE[orientation])
    shown = stored if orientation == 1 else stored.transpose(DISPLAY_TRANSPOSE[orientation])
    assert shown.tobytes() == upright.tobytes(), orientation
    return stored


# --- hand-written PNG (16-bit colour, Adam7 interlace, crafted headers) ---

def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_file(width, height, colour_type, bit_depth, rows, interlace=False, raw=None):
    """rows: list of `height` byte strings, each one row of samples (no filter byte).

    `raw` replaces the filtered image data (for headers whose data is never read)."""
    bytes_per_pixel = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type] * bit_depth // 8
    if interlace:
        raw = b""
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        for x0, y0, dx, dy in passes:
            for y in range(y0, height, dy):
                pixels = [rows[y][x * bytes_per_pixel:(x + 1) * bytes_per_pixel] for x in range(x0, width, dx)]
                if pixels:
                    raw += b"\x00" + b"".join(pixels)
    elif raw is None:
        raw = b"".join(b"\x00" + row for row in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 1 if interlace else 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


# --- hand-written BMP ---

def bmp_file(width, height, bits, pixel_rows, top_down=False, compression=0, masks=None, palette=b""):
    """pixel_rows: stored rows top to bottom as displayed; padded to 4 bytes here."""
    stride = (width * bits + 31) // 32 * 4
    rows = [row + b"\x00" * (stride - len(row)) for row in pixel_rows]
    if not top_down:
        rows = rows[::-1]
    data = b"".join(rows)
    header_size = 108 if masks else 40
    info = struct.pack("<IiiHHIIiiII", header_size, width, -height if top_down else height, 1, bits,
                       compression, len(data), 2835, 2835, len(palette) // 4, 0)
    if masks:
        info += struct.pack("<IIII", *masks) + b"sRGB" + b"\x00" * 48
    offset = 14 + len(info) + len(palette)
    file_header = b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset)
    return file_header + info + palette + data


def main():
    os.makedirs(OUT, exist_ok=True)
    base = pattern(6, 4)

    # Exact-pixel pattern in every lossless encoding.
    save(base, "pattern.png", format="PNG")
    save(base, "pattern.gif", format="GIF")  # 24 colours: palette is exact
    save(pattern(8, 20), "pattern_interlaced.gif", format="GIF", interlace=True)  # 160 colours, 4 passes
    save(base, "pattern_lossless.webp", format="WEBP", lossless=True)
    save(base, "pattern.bmp", format="BMP")  # 24-bit bottom-up
    bgr_rows = [b"".join(bytes(pattern_pixel(x, y)[::-1]) for x in range(6)) for y in range(4)]
    write("pattern_topdown.bmp", bmp_file(6, 4, 24, bgr_rows, top_down=True))
    indexed = base.convert("P", palette=Image.Palette.ADAPTIVE, colors=256)
    assert indexed.convert("RGB").tobytes() == base.tobytes()
    save(indexed, "pattern_palette.bmp", format="BMP")  # 8-bit palette
    rgba_rows = [b"".join(bytes(pattern_pixel(x, y)[::-1]) + bytes([255 if x < 3 else 0]) for x in range(6))
                 for y in range(4)]
    write("pattern_alpha32.bmp", bmp_file(6, 4, 32, rgba_rows, compression=3,
                                          masks=(0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)))
    write("rle8.bmp", bmp_file(6, 4, 8, [b"\x00" * 6] * 4, compression=1, palette=b"\x00\x00\x00\x00" * 2))

    # Pattern as interlaced 8-bit and as 16-bit RGB (0xVV00 + 0x7F samples strip to VV).
    rows8 = [bytes(c for x in range(6) for c in pattern_pixel(x, y)) for y in range(4)]
    write("pattern_adam7.png", png_file(6, 4, 2, 8, rows8, interlace=True))
    rows16 = [b"".join(struct.pack(">H", c * 257) for x in range(6) for c in pattern_pixel(x, y)) for y in range(4)]
    write("pattern_rgb16.png", png_file(6, 4, 2, 16, rows16))

    # Grey, grey+alpha, 16-bit grey, palette with tRNS, RGBA.
    save(Image.frombytes("L", (4, 2), bytes([0, 64, 128, 255, 10, 100, 200, 250])), "gray.png", format="PNG")
    save(Image.frombytes("LA", (3, 1), bytes([100, 255, 100, 0, 0, 128])), "gray_alpha.png", format="PNG")
    write("gray16.png", png_file(3, 1, 0, 16, [struct.pack(">HHH", 0, 0x8080, 0xFFFF)]))
    palette = Image.frombytes("P", (3, 1), bytes([0, 1, 2]))
    palette.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255])
    save(palette, "palette_trns.png", format="PNG", transparency=1)
    alpha = Image.frombytes("RGBA", (3, 1), bytes([255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 0, 128]))
    save(alpha, "alpha.png", format="PNG")
    save(alpha, "alpha.webp", format="WEBP", lossless=True, exact=True)

    # GIF palette with a transparent index (index 1 = green is transparent).
    save(palette, "transparent.gif", format="GIF", transparency=1)

    # EXIF orientation: a 2x3 picture stored in all 8 orientations, PNG eXIf (exact)
    # and JPEG APP1 (blocks of 8x8); plus WebP EXIF for one orientation.
    upright = Image.new("RGB", (2, 3))
    upright.putdata(UPRIGHT_2x3)
    blocks = Image.new("RGB", (16, 24))
    blocks.putdata([BLOCK_COLOURS[(y // 8) * 2 + x // 8] for y in range(24) for x in range(16)])
    for n in range(1, 9):
        save(stored_for(upright, n), f"orientation_{n}.png", format="PNG", exif=exif_orientation(n))
        save(stored_for(blocks, n), f"orientation_{n}.jpg", format="JPEG", quality=95, subsampling=0,
             exif=exif_orientation(n))
    save(stored_for(upright, 6), "orientation_6.webp", format="WEBP", lossless=True, exif=exif_orientation(6))

    # JPEG colour spaces: RGB blocks, grey, Adobe CMYK.
    save(blocks, "blocks.jpg", format="JPEG", quality=95, subsampling=0)
    grey = bytes(60 if x < 8 else 190 for y in range(8) for x in range(16))
    save(Image.frombytes("L", (16, 8), grey), "gray.jpg", format="JPEG", quality=95)
    cmyk = Image.new("CMYK", (32, 8))
    cmyk_colours = [(0, 0, 0, 0), (255, 0, 0, 0), (0, 255, 255, 0), (0, 0, 0, 255)]
    cmyk.putdata([cmyk_colours[x // 8] for y in range(8) for x in range(32)])
    save(cmyk, "cmyk.jpg", format="JPEG", quality=95)
    save(blocks, "progressive.jpg", format="JPEG", quality=95, subsampling=0, progressive=True)

    # A large JPEG for DCT scaling: 1800x1792, left half red, right half blue.
    # 1/8 scale gives 225x224 (short side exactly 224).
    large = Image.new("RGB", (1800, 1792), (220, 20, 20))
    large.paste((20, 20, 220), (900, 0, 1800, 1792))
    save(large, "large.jpg", format="JPEG", quality=50)

    # Lossy WebP of the blocks.
    save(blocks, "blocks.webp", format="WEBP", quality=95)

    # Resize references: PIL's antialiased resize of the shorter side, then centre crop,
    # as Preprocessor(size:filter:) does (offset = (resized - size) // 2).
    for name, width, height, size in [("landscape", 40, 30, 8), ("portrait", 30, 50, 10)]:
        source = Image.new("RGB", (width, height))
        source.putdata([((x * 7) % 256, (y * 9) % 256, (x * y * 3) % 256) for y in range(height) for x in range(width)])
        save(source, f"resize_{name}_source.png", format="PNG")
        short = min(width, height)
        rw = size if width == short else round(width * size / short)
        rh = size if height == short else round(height * size / short)
        ox, oy = (rw - size) // 2, (rh - size) // 2
        for filter_name, resample in [("box", Image.Resampling.BOX), ("triangle", Image.Resampling.BILINEAR),
                                      ("bicubic", Image.Resampling.BICUBIC)]:
            reference = source.resize((rw, rh), resample).crop((ox, oy, ox + size, oy + size))
            save(reference, f"resize_{name}_{filter_name}.png", format="PNG")

    # Decompression bombs: headers claiming 20000x20000 pixels (40000x40000 for JPEG, which is
    # limited by its DCT-scaled size and refused from the header only past 1,000 MP stored).
    write("bomb.png", png_file(20000, 20000, 2, 8, [], raw=b"\x00" * 64))
    tiny = save(Image.new("RGB", (8, 8), (1, 2, 3)), "tiny.jpg", format="JPEG", quality=90)
    sof = tiny.index(b"\xff\xc0")
    bomb = bytearray(tiny)
    bomb[sof + 5:sof + 9] = struct.pack(">HH", 40000, 40000)
    write("bomb.jpg", bytes(bomb))
    os.remove(os.path.join(OUT, "tiny.jpg"))
    gif = bytearray(save(Image.new("P", (1, 1), 0), "bomb.gif", format="GIF"))
    gif[6:10] = struct.pack("<HH", 20000, 20000)
    write("bomb.gif", bytes(gif))
    write("bomb.bmp", bmp_file(20000, 20000, 24, [])[:54])
    # A 108-MP phone-sized photo (12000x9000), progressive, grey and flat so that it stays small:
    # decoded at 1/8 scale, its coefficients need about 220 MB.
    save(Image.new("L", (12000, 9000), 140), "huge_progressive.jpg", format="JPEG", quality=1, progressive=True)


if __name__ == "__main__":
    main()
