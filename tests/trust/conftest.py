from tests.live.fixtures import (  # noqa: F401
    client_as,
    ids,
    scene,
    submit_list,
    workshop,
)
