#!/usr/bin/env python3
"""Trains the reference model Tests/TokenizerTests/Fixtures/spm8k.model with Google's spm trainer.

Usage: python3 scripts/tokenizer/build_corpus.py --out /tmp/corpus --sample /tmp/corpus_sample.txt
       python3 scripts/tokenizer/train_spm_fixture.py /tmp/corpus_sample.txt Tests/TokenizerTests/Fixtures/spm8k
Needs `pip install sentencepiece` (fixture time only; never at test or run time).
"""
import sys
import sentencepiece as spm

corpus, prefix = sys.argv[1], sys.argv[2]
spm.SentencePieceTrainer.train(
    input=corpus, model_prefix=prefix, vocab_size=8000, model_type="unigram", character_coverage=0.9995,
    byte_fallback=True, normalization_rule_name="identity", num_threads=1, seed_sentencepiece_size=200000,
    input_sentence_size=200000, shuffle_input_sentence=True, pad_id=0, bos_id=1, eos_id=2, unk_id=3)
