from tests.comments.fixtures import (  # noqa: F401
    item,
    post_comment,
)
from tests.live.fixtures import (  # noqa: F401
    client_as,
    ids,
    item_titles,
    submit_list,
    workshop,
)
