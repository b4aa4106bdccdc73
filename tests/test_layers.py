"""The modules of one app never import each other in a circle (import-linter, run by
``make test``, checks the layers between apps; this checks within each app)."""

import grimp


def _app(module):
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "forum" and len(parts) > 1 else parts[0]


def test_no_module_of_an_app_imports_another_that_imports_it_back():
    graph = grimp.build_graph("forum", "accounts")
    circles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            same_app = _app(imported) == _app(module) and imported != module
            if same_app and graph.chain_exists(importer=imported, imported=module):
                circles.add(tuple(sorted((module, imported))))

    assert circles == set()
