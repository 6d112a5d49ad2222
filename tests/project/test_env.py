"""rcp_oos.env: how a variable's text becomes a setting, and which secret keys pass."""

import pytest

from rcp_oos import env


class TestGetBool:
    @pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " true "])
    def test_it_reads_true(self, monkeypatch, raw):
        monkeypatch.setenv("RCP_FLAG", raw)
        assert env.get_bool("RCP_FLAG", False) is True

    @pytest.mark.parametrize("raw", ["0", "false", "FALSE", "no", "off", ""])
    def test_it_reads_false(self, monkeypatch, raw):
        monkeypatch.setenv("RCP_FLAG", raw)
        assert env.get_bool("RCP_FLAG", True) is False

    def test_it_returns_the_default_when_unset(self, monkeypatch):
        monkeypatch.delenv("RCP_FLAG", raising=False)
        assert env.get_bool("RCP_FLAG", True) is True

    def test_it_rejects_anything_else_naming_the_variable(self, monkeypatch):
        monkeypatch.setenv("RCP_FLAG", "maybe")
        with pytest.raises(env.ImproperlyConfigured, match="RCP_FLAG must be a boolean"):
            env.get_bool("RCP_FLAG", False)


class TestGetInt:
    def test_it_reads_a_whole_number(self, monkeypatch):
        monkeypatch.setenv("RCP_NUMBER", "3600")
        assert env.get_int("RCP_NUMBER", 0) == 3600

    @pytest.mark.parametrize("raw", ["", "  "])
    def test_it_returns_the_default_when_blank(self, monkeypatch, raw):
        monkeypatch.setenv("RCP_NUMBER", raw)
        assert env.get_int("RCP_NUMBER", 60) == 60

    def test_it_returns_the_default_when_unset(self, monkeypatch):
        monkeypatch.delenv("RCP_NUMBER", raising=False)
        assert env.get_int("RCP_NUMBER", 60) == 60

    @pytest.mark.parametrize("raw", ["8h", "1.5"])
    def test_it_rejects_anything_else_naming_the_variable(self, monkeypatch, raw):
        monkeypatch.setenv("RCP_NUMBER", raw)
        with pytest.raises(env.ImproperlyConfigured, match="RCP_NUMBER must be a whole number"):
            env.get_int("RCP_NUMBER", 0)


class TestGetList:
    def test_it_splits_on_commas_and_trims(self, monkeypatch):
        monkeypatch.setenv("RCP_HOSTS", " rcp.example , 127.0.0.1,")
        assert env.get_list("RCP_HOSTS", []) == ["rcp.example", "127.0.0.1"]

    def test_it_reads_an_empty_value_as_an_empty_list(self, monkeypatch):
        monkeypatch.setenv("RCP_HOSTS", "")
        assert env.get_list("RCP_HOSTS", ["localhost"]) == []

    def test_it_returns_the_default_when_unset(self, monkeypatch):
        monkeypatch.delenv("RCP_HOSTS", raising=False)
        assert env.get_list("RCP_HOSTS", ["localhost"]) == ["localhost"]


class TestSecretKey:
    def test_it_falls_back_to_the_development_key_outside_production(self, monkeypatch):
        monkeypatch.delenv("SECRET_KEY", raising=False)
        assert env.secret_key(production=False) == env.DEVELOPMENT_SECRET_KEY

    @pytest.mark.parametrize(
        "key", ["", env.DEVELOPMENT_SECRET_KEY, "k" * (env.MIN_PRODUCTION_KEY_LENGTH - 1)]
    )
    def test_it_refuses_a_missing_default_or_short_key_in_production(self, monkeypatch, key):
        monkeypatch.setenv("SECRET_KEY", key)
        with pytest.raises(env.ImproperlyConfigured, match="SECRET_KEY"):
            env.secret_key(production=True)

    def test_it_accepts_a_long_key_in_production(self, monkeypatch):
        key = "k" * env.MIN_PRODUCTION_KEY_LENGTH
        monkeypatch.setenv("SECRET_KEY", key)
        assert env.secret_key(production=True) == key
