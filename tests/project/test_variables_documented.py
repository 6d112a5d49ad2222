"""Every environment variable is in .env.example and in docs/configuration.md: the ones the
settings read (found by scanning their source) and the ones docker-compose.yml uses."""

import pytest

from tests.project.deployment_files import (
    ENV_LINE,
    ROOT,
    compose,
    compose_variables,
    env_example_lines,
    settings_variables,
)

SETTINGS_SOURCES = [ROOT / "rcp_oos" / "settings.py", ROOT / "rcp_oos" / "env.py",
                    ROOT / "rcp_oos" / "settings_documents.py"]


def variables_settings_read() -> set[str]:
    return settings_variables(*(path.read_text() for path in SETTINGS_SOURCES))


def variables_compose_interpolates() -> set[str]:
    return compose_variables((ROOT / "docker-compose.yml").read_text())


def variables_compose_sets() -> set[str]:
    names = set()
    for service in compose()["services"].values():
        names |= set(service.get("environment", {}))
    return names


def env_example_names() -> set[str]:
    return {name for name, _value, _is_set in env_example_lines()}


def configuration_doc() -> str:
    return (ROOT / "docs" / "configuration.md").read_text()


class TestTheScanners:
    """The checks below are only as good as these scanners: they must find what is there."""

    def test_it_finds_every_way_settings_read_a_variable(self):
        source = '''
DEBUG = env.get_bool("DEBUG", True)
HOSTS = env.get_list( "ALLOWED_HOSTS", [])
AGE = env.get_int("SESSION_COOKIE_AGE", 1)
ZONE = env.get_str('TIME_ZONE', "UTC")
RAW = os.environ.get("RAW_ONE")
OTHER = os.environ["OTHER_ONE"]
KEY = env.secret_key(production=False)
'''
        assert settings_variables(source) == {
            "DEBUG", "ALLOWED_HOSTS", "SESSION_COOKIE_AGE", "TIME_ZONE", "RAW_ONE",
            "OTHER_ONE", "SECRET_KEY",
        }

    def test_it_finds_compose_variables_but_not_comments_or_the_containers_own(self):
        text = (
            '# ${IN_A_COMMENT}\na: ${ONE}\nb:\n  - x-${TWO:-x}\n'
            'c: {d: "${THREE:?set it}"}\ne: "$${LEFT_TO_SHELL}"'
        )
        assert compose_variables(text) == {"ONE", "TWO", "THREE"}

    def test_it_finds_the_variables_the_real_settings_read(self):
        assert {"RCP_ENV", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL",
                "CELERY_BROKER_URL", "EMAIL_HOST"} <= variables_settings_read()

    def test_it_finds_the_variables_the_real_compose_file_uses(self):
        assert {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"} <= (
            variables_compose_interpolates()
        )


class TestEnvExample:
    @pytest.mark.parametrize("name", sorted(variables_settings_read()))
    def test_it_lists_each_variable_the_settings_read(self, name):
        assert name in env_example_names()

    @pytest.mark.parametrize("name", sorted(variables_compose_interpolates()))
    def test_it_lists_each_variable_compose_interpolates(self, name):
        assert name in env_example_names()

    def test_it_lists_nothing_that_nobody_reads(self):
        known = variables_settings_read() | variables_compose_interpolates()
        assert env_example_names() - known == set()

    def test_it_comments_each_variable(self):
        # A comment line heads each group of variables (several may share it).
        lines = [line.strip() for line in (ROOT / ".env.example").read_text().splitlines()]
        assignments = {index for index, line in enumerate(lines) if ENV_LINE.match(line)}
        for index in sorted(assignments):
            above = index - 1
            while above in assignments:
                above -= 1
            assert lines[above].startswith("#"), f"no comment above {lines[index]!r}"


class TestConfigurationDoc:
    @pytest.mark.parametrize(
        "name",
        sorted(variables_settings_read() | variables_compose_interpolates()
               | variables_compose_sets()),
    )
    def test_it_documents_each_variable(self, name):
        # Named in code style, as in the table: `NAME`.
        assert f"`{name}`" in configuration_doc()
