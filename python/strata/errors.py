"""The exception raised when a libstrata_c call fails, carrying Strata's message (file:line:column, variable)."""

STATUS_NAMES = {1: "invalid argument", 2: "model load", 3: "evaluation", 4: "sampling", 5: "optimization",
                6: "io", 7: "resources", 99: "internal"}


class StrataError(RuntimeError):
    """A failed Strata call. `status` is the STRATA_ERROR_* code, `kind` its name, `message` Strata's text."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.kind = STATUS_NAMES.get(status, "unknown")
        self.message = message
        super().__init__(message)
