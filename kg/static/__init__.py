"""The pages kg serves and writes (the explorers, the query page) and what they share."""
from __future__ import annotations

import json


def script_json(data: object) -> str:
    """`data` as JSON that can stand inside a <script> element: no `<` or `>`, so no `</script>`."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
