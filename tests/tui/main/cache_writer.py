"""Another deidtui process writing to the dashboard's cache: what `jobs list` or `jobs watch` would write.

Reads one JSON command per line on stdin, applies it with its own `JobCache` connection, and answers
`ok` (or `error: ...`) on stdout. Commands: `{"upsert": [job...]}`, `{"documents": [name, [doc...]]}`,
`{"delete": [name...]}`, jobs and documents in the service's REST shape.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from deidtui.cache import JobCache
from deidtui.domain.models import Document, Job


async def main(path: Path, profile: str) -> None:
    cache = await JobCache.open(path)
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                return
            command = json.loads(line)
            try:
                if "upsert" in command:
                    await cache.upsert_jobs(profile, [Job.from_rest(item) for item in command["upsert"]])
                elif "documents" in command:
                    name, items = command["documents"]
                    await cache.upsert_documents(profile, name, [Document.from_rest(item) for item in items])
                elif "delete" in command:
                    await cache.mark_deleted(profile, set(command["delete"]))
                print("ok", flush=True)
            except Exception as error:
                print(f"error: {type(error).__name__}: {error}", flush=True)
    finally:
        await cache.close()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2]))
