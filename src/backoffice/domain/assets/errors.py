"""Errors of the asset register."""

from __future__ import annotations

from decimal import Decimal

from backoffice.errors import BackofficeError, NotFound, ValidationError

__all__ = ["AssetError", "AssetNotFound", "MeterNotFitted", "MeterReadingWentBack"]


class AssetError(BackofficeError):
    """Root of the asset register's own errors (catch it to handle any of them)."""


class AssetNotFound(AssetError, NotFound):
    """Raised when no asset in the register has the given id.

    Attributes:
        kind: ``"asset"``.
        key: The id looked up.
    """

    def __init__(self, key: object) -> None:
        NotFound.__init__(self, "asset", key)


class MeterNotFitted(AssetError, ValidationError):
    """Raised when a reading is recorded for a meter the asset does not have.

    Attributes:
        asset: The asset's id (as text).
        meter: The meter named.
        fitted: The meters the asset has.
    """

    def __init__(self, asset: str, meter: str, fitted: tuple[str, ...]) -> None:
        shown = ", ".join(fitted) or "none"
        ValidationError.__init__(
            self, f"{asset} has no {meter} meter (fitted: {shown})", field="meter", value=meter
        )
        self.asset = asset
        self.meter = meter
        self.fitted = fitted


class MeterReadingWentBack(AssetError, ValidationError):
    """Raised when a meter reading is lower than the last one and is not a meter replacement.

    Record the reading with ``replacement=True`` if the meter was replaced or reset.

    Attributes:
        asset: The asset's id (as text).
        meter: The meter.
        last: The last reading.
        reading: The refused reading.
    """

    def __init__(self, asset: str, meter: str, last: Decimal, reading: Decimal) -> None:
        ValidationError.__init__(
            self,
            f"{asset} {meter} meter read {reading}, lower than its last reading {last}; "
            "record it as a meter replacement if the meter was changed or reset",
            field="reading",
            value=reading,
        )
        self.asset = asset
        self.meter = meter
        self.last = last
        self.reading = reading
