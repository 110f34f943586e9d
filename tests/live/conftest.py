from tests.live.fixtures import (  # noqa: F401
    client_as,
    ids,
    item_titles,
    scene,
    submit_list,
    workshop,
)
