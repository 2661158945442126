"""The tutorial's sample runs against the emulator with only endpoint, storage location and credential changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).with_name("tutorial_sample.py")
ENGLISH = "The patient came in for a visit on 10/12/2023 and was seen again November 4th at Contoso Hospital."
FRENCH = "Julie Tremblay a été consultée par Dr. Marc Lavoie à l'Hôpital de la Cité-des-Prairies le 10 Janvier"


def test_tutorial_sample_runs_unmodified_over_https(emulator_factory, container):
    container.put("deidsample.txt", ENGLISH)
    container.put("deidsample_fr.txt", FRENCH)
    emulator = emulator_factory(tls=True)
    assert emulator.url.startswith("https://")
    env = {
        **os.environ,
        "SAMPLE_ENDPOINT": emulator.url,
        "SAMPLE_STORAGE_LOCATION": container.url + "/",
        # Outside SDK users trust the emulator's generated certificate this way; no code change.
        "SSL_CERT_FILE": str(emulator.server.certificate),
    }
    result = subprocess.run([sys.executable, str(SAMPLE)], capture_output=True, text=True, env=env, timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("Job Name: sample-job-")
    assert lines[1:] == ["Job Status: OperationStatus.SUCCEEDED", "File Count: 2"]
    # Prefix replacement: "deidsample" -> "_output" keeps the rest of each name.
    assert container.names("_output") == ["_output.txt", "_output_fr.txt"]
    french = container.get("_output_fr.txt").decode()
    assert "Julie Tremblay" not in french and "Marc Lavoie" not in french and "10 Janvier" not in french
    assert french.startswith(tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZÉ"))
