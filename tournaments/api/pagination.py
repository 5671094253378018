from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """DRF's numbered pages (PAGE_SIZE a page), described in OpenAPI 3.1's terms: a link
    that may be missing is of type null too (DRF writes 3.0's "nullable")."""

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            link = response["properties"][name]
            link.pop("nullable", None)
            link.pop("example", None)  # DRF's, of another site
            link["type"] = ["string", "null"]
        return response
