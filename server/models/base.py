"""Declarative base with named constraints, and the change-version counter behind sync cursors."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, MetaData, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Amount = Numeric(14, 2)
UnitPrice = Numeric(14, 4)  # price lists and contracts may quote fractions of a cent per unit


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {Decimal: Amount}


class Counter(Base):
    """Named gapless counters ("sync_version", "order_number"), bumped inside the writing transaction.

    The row lock held until commit makes sync versions commit in order, which is what lets clients
    use the last version they saw as their cursor (a timestamp cursor would miss late commits).
    """

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Tombstone(Base):
    """A deleted syncable row: clients remove their copy when they pull it.

    `user_id` set means "gone for this rep only": an account moved to another rep, say.
    """

    __tablename__ = "tombstones"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(120))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(BigInteger, index=True)
