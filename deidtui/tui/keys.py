"""Every remappable key binding of the dashboard, by id, for checking `[keys]` in config.toml."""

from __future__ import annotations

from textual.binding import Binding


def binding_ids() -> dict[str, str]:
    """id -> description of every binding that has an id, across the app's screens and widgets."""
    from .app import DeidApp
    from .blobview import compare as blob_compare
    from .blobview import prompts as blob_prompts
    from .blobview import screens as blob_screens
    from .blobview import viewer as blob_viewer
    from .screens.activity import ActivityScreen
    from .screens.confirm import ConfirmScreen
    from .screens.help import HelpScreen
    from .screens.job_details import JobDetailsScreen
    from .screens.main import MainScreen
    from .widgets.command_line import CommandInput
    from .widgets.containers import ContainersPane, ContainerTree
    from .widgets.documents_table import DocumentsTable
    from .widgets.job_detail import JobDetail
    from .widgets.job_table import JobTable

    owners: list[type] = [
        DeidApp,
        MainScreen,
        JobTable,
        JobDetail,
        DocumentsTable,
        ContainersPane,
        ContainerTree,
        CommandInput,
        ConfirmScreen,
        HelpScreen,
        JobDetailsScreen,
        ActivityScreen,
    ]
    for module in (blob_screens, blob_viewer, blob_prompts, blob_compare):
        owners += [value for value in vars(module).values() if isinstance(value, type) and hasattr(value, "BINDINGS")]
    try:
        from .screens.new_job import NewJobScreen
        from .screens.preview import PreviewScreen

        owners += [NewJobScreen, PreviewScreen]
    except ImportError:  # pragma: no cover
        pass
    found: dict[str, str] = {}
    for owner in owners:
        for binding in getattr(owner, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, binding.description or binding.action)
    return found
