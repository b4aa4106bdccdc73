"""bench/benchmark.py's helpers: wrk's report read, the paths file, the pinned thread kept."""

import pytest

from tests.bench.loading import bench_module

benchmark = bench_module("benchmark")

WRK_REPORT = """\
Running 2s test @ http://127.0.0.1:8231
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    24.01ms   12.10ms  98.50ms   70.00%
    Req/Sec   166.10     30.20   222.00     65.00%
  Latency Distribution
     50%   21.50ms
     75%   29.00ms
     90%   40.10ms
     99%    1.02s
  664 requests in 2.00s, 20.10MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    331.50
Transfer/sec:     10.05MB
"""


def test_a_wrk_report_gives_its_rate_percentiles_and_failures():
    figures = benchmark.parse_wrk(WRK_REPORT)

    assert figures == {
        "rps": 331.5,
        "p50_ms": 21.5,
        "p99_ms": 1020.0,
        "non_2xx": 3,
        "socket_errors": "",
    }


def test_the_paths_file_holds_one_path_a_line(tmp_path):
    path = benchmark.write_paths(tmp_path / "threads.txt", ["/threads/a.1/", "/threads/b.2/"])

    assert path.read_text().splitlines() == ["/threads/a.1/", "/threads/b.2/"]


def test_the_wrk_script_reads_the_paths_file_and_the_cookie():
    script = benchmark.RANDOM_PATHS_SCRIPT.read_text()

    assert 'os.getenv("PATHS_FILE")' in script and 'os.getenv("COOKIE")' in script


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setattr(benchmark, "OUT", tmp_path)
    return tmp_path


def test_a_pinned_thread_is_kept_per_database(out):
    benchmark.pin_thread("postgres://postgres@127.0.0.1:5432/forum_bench_a", 7)

    assert benchmark.pinned_thread("postgres://postgres@127.0.0.1:5432/forum_bench_a") == 7
    assert benchmark.pinned_thread("postgres://postgres@127.0.0.1:5432/forum_bench_b") is None


def test_without_a_port_the_server_gets_a_free_one_outside_the_peer_benchmarks(monkeypatch):
    monkeypatch.delenv("BENCH_PORT", raising=False)

    port = benchmark.parse_args([]).port

    assert port not in range(8100, 8104)
    assert 1024 < port < 65536


def test_a_port_asked_for_is_kept(monkeypatch):
    monkeypatch.setenv("BENCH_PORT", "8231")

    assert benchmark.parse_args([]).port == 8231
    assert benchmark.parse_args(["--port", "8117"]).port == 8117
