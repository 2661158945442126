import gc
import sys

# Start-up makes hundreds of thousands of objects and no garbage worth a collection: the collector
# waits until the dashboard's first frame (or the start of a command), see `deidtui.cli.main`.
gc.disable()

from .cli import main  # noqa: E402

sys.exit(main())
