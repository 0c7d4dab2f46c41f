"""``berichte build --cluster``: the same reports on a Dask cluster as with the local process pool.

The small fixture project (tests/fixtures/mini with the real report documents) is built once with the
process pool; the cluster builds must give the same content hashes and files. One test kills a worker
process in the middle of a build. The Dask cluster runs on this machine (``LocalCluster``, 2 worker
processes); the demo region takes minutes to render on two cores, so the comparison uses the mini project.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from berichte.publish.runner import BuildOptions, Progress, build
from berichte.cli import main
from conftest import project_with_reports

distributed = pytest.importorskip("distributed", reason="Dask ist nicht installiert (pip install \"berichte[cluster]\")")


def copy_project(target: Path) -> Path:
    return project_with_reports(target)


def entries(output: Path) -> dict:
    return {e["id"]: e for e in json.loads((output / ".berichte/manifest.json").read_text())["reports"]}


def assert_complete(output: Path, expected: set[str]) -> dict:
    """Every report's files exist, are complete and are what the manifest says; no temporary files remain."""
    found = entries(output)
    assert set(found) == expected
    for entry in found.values():
        assert set(entry["files"]) == {"html", "pdf"}
        for info in entry["files"].values():
            data = (output / info["path"]).read_bytes()
            assert len(data) == info["size"] and hashlib.sha256(data).hexdigest() == info["sha256"]
        pdf = (output / entry["files"]["pdf"]["path"]).read_bytes()
        assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    leftovers = [p for p in output.rglob("*") if p.is_file() and (".tmp" in p.name or p.name.startswith("."))]
    assert leftovers == []
    return found


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> tuple[Path, dict]:
    """The mini project built with the local process pool: the reference for every cluster build."""
    root = copy_project(tmp_path_factory.mktemp("cluster") / "projekt")
    summary = build(BuildOptions(root=root, output=root / "_output", jobs=2))
    assert not summary.failed, [o.error for o in summary.failed]
    return root, entries(root / "_output")


@pytest.fixture(scope="module")
def cluster():
    """A scheduler with two worker processes on this machine, as ``dask scheduler`` + ``dask worker`` would be."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local, set_as_default=False) as client:
        yield local, client


def same_reports(found: dict, reference: dict) -> None:
    for key, entry in reference.items():
        assert found[key]["content_hash"] == entry["content_hash"], key
        assert {f: i["sha256"] for f, i in found[key]["files"].items()} == \
               {f: i["sha256"] for f, i in entry["files"].items()}, key


def test_lokal_cluster_gives_the_same_reports_as_the_process_pool(baseline):
    root, reference = baseline
    output = root / "_dask"
    summary = build(BuildOptions(root=root, output=output, executor="dask-lokal", jobs=2))
    assert not summary.failed, [o.error for o in summary.failed]
    assert len(summary.built) == len(reference) == 6
    found = assert_complete(output, set(reference))
    same_reports(found, reference)  # same content hashes, byte-identical HTML and PDF
    assert (output / "index.html").exists() and (output / "2022/kennzahlen-2022.csv").exists()


def _watch_opens(root: str) -> None:
    """On a worker: note every file or folder it opens below ``root`` (the client's project folder)."""
    import sys as worker_sys

    opened = worker_sys.berichte_test_opened = []

    def hook(event, args):
        if event in ("open", "os.listdir", "os.scandir", "os.chdir") and args and \
                str(args[0]).startswith(root):
            opened.append(f"{event} {args[0]}")

    worker_sys.addaudithook(hook)


def _opened(clear: bool = False) -> list[str]:
    import sys as worker_sys

    opened = list(worker_sys.berichte_test_opened)
    if clear:
        worker_sys.berichte_test_opened.clear()
    return opened


def _read(path: str) -> int:
    with open(path, "rb") as handle:
        return len(handle.read())


def test_workers_need_no_shared_file_system(baseline, cluster, tmp_path):
    """The workers get documents and results from the client: they open nothing in its project folder."""
    import cloudpickle

    root, reference = baseline
    local, client = cluster
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    project = copy_project(tmp_path / "projekt")
    client.run(_watch_opens, str(project))
    client.run(_read, str(project / "data/projekt.yml"))  # the watch works …
    assert all(client.run(_opened, True).values())
    summary = build(BuildOptions(root=project, output=tmp_path / "ausgabe", executor=local.scheduler_address))
    assert not summary.failed, [o.error for o in summary.failed]
    same_reports(assert_complete(tmp_path / "ausgabe", set(reference)), reference)
    assert [p for paths in client.run(_opened).values() for p in paths] == []


def test_a_worker_killed_during_the_build_loses_nothing(baseline, cluster, tmp_path):
    """SIGKILL to a busy worker process: Dask restarts it and renders its reports elsewhere; the client
    publishes every report completely, once."""
    root, reference = baseline
    local, client = cluster
    project = copy_project(tmp_path / "projekt")
    pids = client.run(os.getpid)
    killed = {}

    class KillAfterFirst(Progress):
        def advance(self, outcome) -> None:
            if killed:
                return
            busy = [address for address, keys in client.processing().items() if keys and address in pids]
            address = busy[0] if busy else sorted(pids)[0]
            os.kill(pids[address], signal.SIGKILL)
            killed[address] = outcome.job.id

    output = tmp_path / "ausgabe"
    summary = build(BuildOptions(root=project, output=output, years=[2021, 2022],
                                 executor=local.scheduler_address), KillAfterFirst())
    assert killed, "kein Worker beendet"
    assert not summary.failed, [o.error for o in summary.failed]
    expected = set(reference) | {key.replace("2022", "2021") for key in reference}
    assert len(summary.built) == 12
    found = assert_complete(output, expected)
    same_reports({k: v for k, v in found.items() if k.startswith("2022/")}, reference)
    client.wait_for_workers(2, timeout=30)  # the nanny has started a new worker process
    assert set(client.run(os.getpid).values()).isdisjoint({pids[a] for a in killed})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_scheduler_stops_before_anything_is_written(tmp_path, capsys):
    project = copy_project(tmp_path / "projekt")
    code = main(["--projekt", str(project), "build", "--cluster", f"tcp://127.0.0.1:{free_port()}"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Dask-Scheduler" in err and "nicht erreichbar" in err and "Es wurde nichts geschrieben" in err
    assert "Traceback" not in err
    assert not (project / "_output").exists()


def test_a_port_without_dask_scheduler_is_recognised(tmp_path, capsys, monkeypatch):
    """Some other service on the port: a plain Dask client would wait forever; berichte stops after the timeout."""
    from berichte.publish import cluster as cluster_module

    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 1.0)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    project = copy_project(tmp_path / "projekt")
    try:
        code = main(["--projekt", str(project), "build", "--cluster", f"127.0.0.1:{server.getsockname()[1]}"])
    finally:
        server.close()
    err = capsys.readouterr().err
    assert code == 1 and "antwortet kein Dask-Scheduler" in err and "Traceback" not in err
    assert not (project / "_output").exists()


@pytest.mark.parametrize("text, expected", [
    ("tcp://rechner1:8786", "tcp://rechner1:8786"),
    ("rechner1:9000", "tcp://rechner1:9000"),
    ("rechner1", "tcp://rechner1:8786"),
    ("tls://10.0.0.5:8786", "tls://10.0.0.5:8786"),
])
def test_scheduler_addresses(text, expected):
    from berichte.publish.cluster import scheduler_address

    assert scheduler_address(text) == expected


@pytest.mark.parametrize("text", ["http://rechner1:8786", "tcp://rechner1:port", "tcp://:8786", "tcp://r:1/pfad"])
def test_wrong_scheduler_addresses_are_explained(text):
    from berichte.publish.cluster import ClusterError, scheduler_address

    with pytest.raises(ClusterError, match="Ungültige Cluster-Adresse"):
        scheduler_address(text)


def test_without_dask_the_cluster_option_names_the_install_command(monkeypatch):
    from berichte.publish.cluster import ClusterError, ClusterSession

    monkeypatch.setitem(sys.modules, "distributed", None)  # "import distributed" fails
    with pytest.raises(ClusterError, match=r'pip install "berichte\[cluster\]"'):
        ClusterSession("dask-lokal").open()


def test_the_local_build_does_not_import_dask():
    code = ("import sys, berichte.cli, berichte.publish.runner, berichte.cli.build; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"
