"""The public surface: ``__all__`` lists exactly the public names of the package."""

import forcedmig_kb


def test_all_lists_every_public_member():
    public = {name for name in dir(forcedmig_kb) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(forcedmig_kb, name)).__name__ == "module"}
    assert set(forcedmig_kb.__all__) - {"__version__"} == public - modules


def test_version_is_single_sourced():
    import importlib.metadata

    assert forcedmig_kb.__version__ == importlib.metadata.version("forcedmig-kb")
