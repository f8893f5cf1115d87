def pytest_terminal_summary(terminalreporter):
    from tests.security.matrix import PERSONAS, url_patterns

    urls = len(list(url_patterns()))
    terminalreporter.write_line(
        f"access matrix: {urls} URLs × {len(PERSONAS)} personas × 2 methods "
        f"= {urls * len(PERSONAS) * 2} checks"
    )
