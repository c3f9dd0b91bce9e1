"""The main window's pages, and where an action works: on the order desk, on the Orders page, or
on any page (triggered from another page, a page's action brings its page forward first)."""

DESK_PAGE, ORDERS_PAGE, ANY_PAGE = "desk", "orders", "any"
