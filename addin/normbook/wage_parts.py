"""The parts of a daily labour rate beyond the salary: allowances and employer contributions.

A public service's salary cost is the salary by grade and coefficient, its allowances and the
employer's contributions on it (Decree 60/2021/NĐ-CP, Article 5(1)(a)). Each contribution is
its own percentage, paid on the salary plus the allowances in the contribution base (Law
41/2024/QH15 on Social Insurance, Article 31(1)(a): position, seniority beyond the frame and
professional seniority allowances). The research behind every default is in
``norms/wages/legal-basis.md``.

A default rate is offered only where the act's words were found: social insurance 3 % + 14 %
(Law 41/2024/QH15, Article 34(1)) and the occupational accident and disease fund 0.5 %
(Decree 58/2020/NĐ-CP, confirmed as a rate by three sources). Health insurance (3 %),
unemployment insurance (1 %, whether it applies to viên chức unconfirmed) and the trade-union
fund (2 %, whether a unit paid wholly by the state budget owes it unconfirmed) start at 0: the
user includes them, with their own basis. The justification says which are included.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .i18n import Domain, Message

_ = Domain(__name__)


@dataclass(frozen=True)
class Contribution:
    """An employer contribution: its key (the prices workbook's and the Inputs' names), the
    default in percent, where the rate comes from, and whether the default is confirmed."""

    key: str
    name: str  # the Inputs sheet's defined name
    default: Decimal
    label: Message
    basis: Message  # where the rate comes from, said when the contribution is included
    not_default: Message | None = None  # why the template does not offer it (None: it does)

    def said(self, percent: Decimal) -> Message:
        """Its basis when included at ``percent``, else why it is not by default."""
        if percent or self.not_default is None:
            return self.basis
        return self.not_default


CONTRIBUTIONS: tuple[Contribution, ...] = (
    Contribution("social_insurance_percent", "SocialInsurance", Decimal(17),
                 _.later("social insurance (BHXH), employer"),
                 _.later("Law 41/2024/QH15 on Social Insurance, Article 34(1): 3 % sickness and "
                         "maternity fund + 14 % retirement and survivorship fund")),
    Contribution("accident_fund_percent", "AccidentFund", Decimal("0.5"),
                 _.later("occupational accident and disease insurance, employer"),
                 _.later("Decree 58/2020/NĐ-CP: 0.5 % of the social-insurance salary fund "
                         "(the rate confirmed by three sources; the article not)")),
    Contribution("health_insurance_percent", "HealthInsurance", Decimal(0),
                 _.later("health insurance (BHYT), employer"),
                 _.later("the rate is your own input (3 % out of 4.5 % according to "
                         "secondary sources; the act's article was not confirmed)"),
                 _.later("not included by default: 3 % of a 4.5 % total according to secondary "
                         "sources only; type it with your basis")),
    Contribution("unemployment_insurance_percent", "UnemploymentInsurance", Decimal(0),
                 _.later("unemployment insurance (BHTN), employer"),
                 _.later("the rate is your own input (1 % according to secondary sources)"),
                 _.later("not included by default: 1 % according to secondary sources; whether "
                         "it applies to public employees (viên chức) was not confirmed")),
    Contribution("union_fund_percent", "UnionFund", Decimal(0),
                 _.later("trade-union fund (KPCĐ)"),
                 _.later("the rate is your own input (2 % of the social-insurance salary fund, "
                         "Law on Trade Unions, Article 29(1)(b))"),
                 _.later("not included by default: 2 % of the social-insurance salary fund "
                         "(Law on Trade Unions, Article 29(1)(b)); whether a unit paid wholly "
                         "by the state budget owes it was not confirmed")),
)

CONTRIBUTION_KEYS = tuple(c.key for c in CONTRIBUTIONS)
DEFAULT_CONTRIBUTIONS = {c.key: c.default for c in CONTRIBUTIONS}

ALLOWANCES_IN_BASE = "allowances_in_base_percent"
ALLOWANCES_OTHER = "allowances_other_percent"
ALLOWANCE_KEYS = (ALLOWANCES_IN_BASE, ALLOWANCES_OTHER)


def contribution(key: str) -> Contribution:
    """A contribution by its key."""
    return next(c for c in CONTRIBUTIONS if c.key == key)


def allowance_basis() -> Message:
    """Which allowances go where: the law's list, the user's figures."""
    return _.later("allowances in the contribution base: position, seniority beyond the frame "
                   "and professional seniority allowances (Law 41/2024/QH15, Article 31(1)(a)); "
                   "other allowances are paid but carry no contribution; the rates are the "
                   "unit's own (no act fixes them for these norms)")


def working_days_basis(days: Decimal | None = None) -> Message:
    """Why 22 working days: no act fixes the number for these norms; another number given
    without a basis is the unit's own decision."""
    if days is not None and days != 22:
        return _.later("your own figure (no act fixes the working days a month for these "
                       "norms)")
    return _.later("22 by default: no act was found that fixes the working days a month for "
                   "these norms; set the unit's own figure and its basis")
