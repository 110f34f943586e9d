from tests.live.fixtures import (  # noqa: F401
    client_as,
    ids,
    item_titles,
    submit_list,
    workshop,
)
from tests.voting.fixtures import (  # noqa: F401
    ballot_of,
    cast,
    dot_round,
    in_voting,
    open_vote,
    vote_round,
    voters,
)
