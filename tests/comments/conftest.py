from tests.budgets.conftest import make_budget  # noqa: F401
from tests.comments.fixtures import (  # noqa: F401
    idea_board,
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
