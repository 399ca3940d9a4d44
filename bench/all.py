"""Every benchmark, one after the other, each printing its own table.

python bench/all.py            # everything (several minutes: jrnl at 100,000 entries)
python bench/all.py --quick    # jrnl at 10,000 entries only
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    runs = [
        ["startup.py"],
        ["report.py", "--years", "1", "30", "100"],
        ["growth.py"],
        ["backup.py"],
        ["peer.py", "--sizes", "10000"] if quick else ["peer.py"],
    ]
    for script, *args in runs:
        print(f"\n$ python bench/{script} {' '.join(args)}".rstrip(), flush=True)
        subprocess.run([sys.executable, str(HERE / script), *args], check=True)


if __name__ == "__main__":
    main()
