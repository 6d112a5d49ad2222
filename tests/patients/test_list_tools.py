"""The sortable-list tools: a whitelist of orderings and the column headers that pick them."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from patients.models import Patient
from patients.templatetags.list_tools import ActiveSort, SortColumn, Sorting

SORTING = Sorting("name", name=("Name", ("family_name", "pk")),
                  born=("Birth date", ("birth_date",)))


class TestSortingParse:
    @pytest.mark.parametrize(("value", "key", "descending"), [
        ("name", "name", False), ("-born", "born", True),
    ])
    def test_it_reads_a_whitelisted_key_and_its_direction(self, value, key, descending):
        assert SORTING.parse(value) == ActiveSort(key, descending, chosen=True)

    @pytest.mark.parametrize("value", [None, "", "password", "--name", "-", "name "])
    def test_it_falls_back_to_the_default_for_anything_else(self, value):
        assert SORTING.parse(value) == ActiveSort("name", False, chosen=False)

    def test_it_takes_a_default_chosen_by_the_page(self):
        assert SORTING.parse("bogus", default="-born") == ActiveSort("born", True, chosen=False)

    def test_its_param_gives_the_same_order_back(self):
        assert SORTING.parse("-born").param == "-born"


class TestSortingApply:
    def test_it_orders_by_the_options_fields(self):
        ordered = SORTING.apply(Patient.objects.all(), ActiveSort("name", False, True))
        sql = str(ordered.query)
        assert sql.index('"family_name" ASC') < sql.index('"id" ASC')

    def test_it_reverses_every_field_going_down(self):
        sql = str(SORTING.apply(Patient.objects.all(), ActiveSort("name", True, True)).query)
        assert '"family_name" DESC' in sql and '"id" DESC' in sql


class TestSortingColumns:
    def test_the_sorted_column_links_to_the_reverse_order(self):
        columns = SORTING.columns(ActiveSort("born", False, True))
        assert columns["born"] == SortColumn("Birth date", "-born", "ascending")
        assert columns["name"] == SortColumn("Name", "name", "")

    def test_a_descending_column_links_back_to_ascending(self):
        columns = SORTING.columns(ActiveSort("born", True, True))
        assert columns["born"] == SortColumn("Birth date", "born", "descending")


def render_header(column: SortColumn, query: str) -> str:
    request = RequestFactory().get(f"/patients/?{query}")
    template = Template("{% load list_tools %}{% sort_header column %}")
    context = Context({"column": column})
    context.request = request  # what {% querystring %} reads, without the context processors
    return template.render(context)


class TestSortHeader:
    def test_it_keeps_the_filters_and_goes_back_to_the_first_page(self):
        html = render_header(SortColumn("Name", "name", ""), "q=mart&sort=-name&page=3")
        assert html == ('<th scope="col" class="position-relative">'
                        '<a href="?q=mart&amp;sort=name">Name</a></th>')

    def test_it_tells_the_sorted_direction_in_an_arrow_and_in_words(self):
        html = render_header(SortColumn("Name", "-name", "ascending"), "")
        assert 'aria-sort="ascending"' in html
        assert '<span aria-hidden="true">▲</span>' in html
        assert '<span class="visually-hidden">(sorted ascending)</span>' in html

    def test_it_escapes_the_label(self):
        assert "&lt;b&gt;" in render_header(SortColumn("<b>", "x", ""), "")
