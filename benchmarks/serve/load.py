"""Load benchmark of `litsearch serve` (not a test): N search requests from C concurrent clients.

Usage: load.py URL INDEX_DIR BINARY QUERIES_TSV [--requests 2000] [--concurrency 16] [--peer 20]

Each client keeps one HTTP/1.1 connection and sends GET /api/search?q=…&lang=…&k=10, cycling
through the queries. Prints one JSON object: request count, errors, p50/p99 latency and
throughput; and, as the peer measured in the same run, the same queries run as one
`litsearch query --json` process each (what a script would do without the server), with the ratio
of that process's median wall time to the server's median latency.
"""
import argparse
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("index")
    parser.add_argument("binary")
    parser.add_argument("queries")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--peer", type=int, default=20)
    args = parser.parse_args()

    queries = []
    for line in open(args.queries, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            tag, text = line.rstrip("\n").split("\t", 1)
            queries.append((tag, text))
    target = urllib.parse.urlparse(args.url)
    latencies, errors, lock = [], [], threading.Lock()
    counter = iter(range(args.requests))

    def client():
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            tag, text = queries[number % len(queries)]
            path = "/api/search?" + urllib.parse.urlencode({"q": text, "lang": tag, "k": 10})
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                ok = response.status == 200 and len(json.loads(body)["results"]) == 10
            except Exception as error:  # noqa: BLE001 - counted, then a new connection
                ok, body = False, str(error).encode()
                connection.close()
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(body[:200])
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started

    peer = []
    for tag, text in queries[: args.peer]:
        began = time.perf_counter()
        subprocess.run([args.binary, "query", "--index", args.index, "--lang", tag, text, "-k", "10", "--json"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peer.append((time.perf_counter() - began) * 1000)

    p50 = percentile(latencies, 0.5)
    print(json.dumps({
        "requests": len(latencies), "concurrency": args.concurrency, "errors": len(errors),
        "p50_ms": round(p50, 2), "p99_ms": round(percentile(latencies, 0.99), 2),
        "requests_per_s": round(len(latencies) / wall, 1),
        "peer_cli_query_p50_ms": round(statistics.median(peer), 1),
        "ratio_cli_over_server_p50": round(statistics.median(peer) / p50, 1),
    }, sort_keys=True))
    if errors:
        print("first errors:", errors[:3], file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
