"""The synthetic corpus generator of the benchmarks (``bench/synth.py``), for the tests' corpora.

``bench/`` holds scripts run by hand, not a package: the script is imported by its path.
"""

from . import bench_script

synth = bench_script("synth.py")
write_corpus = synth.write_corpus
SEEDED_RULES = synth.SEEDED_RULES
