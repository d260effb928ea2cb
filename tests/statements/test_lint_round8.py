"""Statement linter, round 8: recall on the kinds that did not generalise, by mechanism.

Each block is one mechanism of statement_lint.yaml (a structure, not a phrase), with sentences that
must fire in English, Spanish and Chinese and near misses that must stay quiet. The sentences were
written for these tests; none is taken from a corpus.
"""

from __future__ import annotations

import pytest

from bot.statements.lint import lint_statement, parse_rules


def fired(text: str, language: str = "en") -> set[str]:
    return {f.rule for f in lint_statement(text, language)}


# --- blames_customer: the cause put on what customers did or did not do ------------------------------

BLAMES_FIRES = [
    # a counterfactual about their conduct, any subject naming them, any outcome avoided
    (
        "If shoppers had checked the delivery address before paying, most returned parcels would "
        "never have gone astray.",
        "en",
    ),
    (
        "Had the account holders kept their one-time codes to themselves, the fraud would not "
        "have been possible.",
        "en",
    ),
    ("If you had opened the confirmation email, you would have known the venue had changed.", "en"),
    # the same, in the passive: what they were to supply is named as missing
    ("If the couriers had been given the right access codes, the deliveries would have gone through.", "en"),
    ("Si los clientes hubieran revisado la dirección de entrega, los paquetes no se habrían perdido.", "es"),
    (
        "De haber leído el correo de confirmación, los asistentes habrían sabido que la sala había cambiado.",
        "es",
    ),
    ("如果用户当时及时修改了密码，这次损失本是可以避免的。", "zh"),
    ("假如乘客提前确认了航班信息，就不会错过登机。", "zh"),
    ("要是车主按时做了保养，发动机本来不会出问题。", "zh"),
    # those who were hurt, then their own fault
    ("Tenants whose boilers broke down had skipped the annual service.", "en"),
    ("The students whose laptops were infected had downloaded the game from a link in a chat.", "en"),
    ("Los clientes cuyas cuentas fueron vaciadas habían compartido sus códigos de acceso.", "es"),
    ("账户被盗的客户此前都曾把验证码告诉他人。", "zh"),
    # a reminder of a duty they had: they are told they should have known
    ("Subscribers are reminded to keep their login details private.", "en"),
    ("We would remind passengers to check in at least an hour before departure.", "en"),
    ("Recordamos a los usuarios que deben mantener sus claves en secreto.", "es"),
    ("Se recuerda a los pasajeros que la facturación cierra 45 minutos antes de la salida.", "es"),
    # our terms cited against them
    ("As set out in our terms of service, cancellations made after midnight are not refundable.", "en"),
    (
        "Tal y como se indica en nuestras condiciones de uso, los cambios fuera de plazo no se reembolsan.",
        "es",
    ),
    ("正如用户协议中明确写明的，逾期取消不予退款。", "zh"),
    # the brief's own kinds, which a subject and a fault of theirs make
    ("部分用户操作不当，导致数据丢失。", "zh"),
    ("用户未按说明书安装导致设备损坏。", "zh"),
]

BLAMES_QUIET = [
    ("Customers did nothing wrong: the fault was in our payment system.", "en"),
    ("It was not something you did; our update broke the login page.", "en"),
    ("If you were charged twice, you will receive a refund by Friday.", "en"),
    ("If we had tested the update properly, this would not have happened.", "en"),
    ("If the storm had passed an hour earlier, the flights would have left on time.", "en"),
    ("Passengers whose flights were cancelled can rebook free of charge until Sunday.", "en"),
    ("We remind customers that our helpline is open until 22:00 every day this week.", "en"),
    ("We got this wrong, and we recommend that customers change their passwords as a precaution.", "en"),
    ("No fue culpa de nuestros clientes: el fallo estaba en nuestro servidor.", "es"),
    ("Si hubiéramos probado la actualización, esto no habría pasado.", "es"),
    ("Los clientes cuyas cuentas fueron bloqueadas recibirán una nueva tarjeta antes del viernes.", "es"),
    ("Recordamos a los clientes que el teléfono de atención está abierto hasta las 22:00.", "es"),
    ("这不是用户的问题，是我们的系统出了错。", "zh"),
    ("如果我们早一点发现漏洞，这次事故本可以避免。", "zh"),
    ("如果您的订单受到影响，我们将在三天内全额退款。", "zh"),
    ("账户被盗的客户可以拨打客服热线，我们将在24小时内冻结相关交易。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), BLAMES_FIRES)
def test_blame_by_structure_fires(text: str, language: str) -> None:
    assert "blames_customer" in fired(text, language)


@pytest.mark.parametrize(("text", "language"), BLAMES_QUIET)
def test_blame_near_misses_stay_quiet(text: str, language: str) -> None:
    assert "blames_customer" not in fired(text, language)


# --- non_apology: conditional on harm, sorry for feelings, a quoted draft is no withdrawal ------------

NON_APOLOGY_FIRES = [
    ("We are sorry that some fans feel let down by the new schedule.", "en"),
    ("If the new checkout gave you any trouble, we apologise.", "en"),
    ("If our app update caused you any frustration, we are sorry.", "en"),
    ("En la medida en que algún cliente haya podido sentirse perjudicado, lo lamentamos.", "es"),
    ("Si la nueva tarifa le ha causado alguna molestia, le pedimos disculpas.", "es"),
    ("如果本次调整影响了您的出行，我们深感抱歉。", "zh"),
    ("很抱歉部分球迷对新票价感到失望。", "zh"),
    # a whole draft in quotation marks for publishing is not a quotation withdrawn
    (
        '@here Approved text: "Orders were delayed on Tuesday. We apologise for any '
        'inconvenience caused. All orders shipped on Wednesday."',
        "en",
    ),
    (
        "<!channel> 请发布：“周二系统升级期间包裹出现延误。对由此造成的不便深表歉意。"
        "延误包裹已于周三全部发出。”",
        "zh",
    ),
]

NON_APOLOGY_QUIET = [
    (
        "We are sorry: our update broke payments. If you were charged twice, the refund arrives by Friday.",
        "en",
    ),
    (
        'Last week we wrote "we regret any inconvenience". That was wrong: we caused this and we are sorry.',
        "en",
    ),
    (
        "Lo sentimos: el error fue nuestro. Si le cobraron dos veces, le devolvemos el importe "
        "antes del viernes.",
        "es",
    ),
    ("我们错了，向大家道歉。如果您被重复扣款，我们将在两天内退还。", "zh"),
    ("我们之前说“给您带来的不便敬请谅解”，这样的说法是不对的。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), NON_APOLOGY_FIRES)
def test_non_apology_fires(text: str, language: str) -> None:
    assert "non_apology" in fired(text, language)


@pytest.mark.parametrize(("text", "language"), NON_APOLOGY_QUIET)
def test_non_apology_near_misses_stay_quiet(text: str, language: str) -> None:
    assert "non_apology" not in fired(text, language)


# --- vague_action: a dated promise to report is no step; one real step cancels the vague phrase -------

VAGUE_FIRES = [
    (
        "We are looking into ways to make booking smoother. A further update will be sent to all "
        "members on 3 June at 10:00.",
        "en",
    ),
    (
        "Suitable measures will be taken to stop this from recurring. We will publish a full "
        "update on Monday at 9:00.",
        "en",
    ),
    (
        "Estamos estudiando fórmulas para mejorar el servicio. Emitiremos un nuevo comunicado el "
        "lunes a las 10:00.",
        "es",
    ),
    ("公司正在研究相关情况，将进一步加强管理。我们将于6月3日上午10点公布调查结果。", "zh"),
]

VAGUE_QUIET = [
    (
        "We are looking into ways to prevent this, and we have refunded all 240 affected orders. "
        "Next update on 3 June at 10:00.",
        "en",
    ),
    (
        "Estamos estudiando el caso y hemos devuelto los 300 cobros duplicados. Nuevo comunicado "
        "el lunes a las 10:00.",
        "es",
    ),
    ("我们正在研究相关情况，已于昨日下架全部涉事商品。我们将于6月3日上午10点公布调查结果。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), VAGUE_FIRES)
def test_vague_action_fires(text: str, language: str) -> None:
    found = fired(text, language)
    assert "vague_action" in found
    assert "no_concrete_action" not in found


@pytest.mark.parametrize(("text", "language"), VAGUE_QUIET)
def test_one_concrete_step_cancels_vague_action(text: str, language: str) -> None:
    found = fired(text, language)
    assert "vague_action" not in found
    assert "no_concrete_action" not in found


def test_a_promised_statement_is_no_concrete_action() -> None:
    text = (
        "La empresa desmiente que se hayan filtrado datos de sus clientes. Nuestros sistemas funcionan "
        "con normalidad. Emitiremos un nuevo comunicado el viernes a las 12:00."
    )
    assert "no_concrete_action" in fired(text, "es")


# --- bribe: any benefit tied to changing or removing a review or a post -------------------------------

BRIBE_FIRES = [
    ("Anyone who updates their one-star review this week will get a £20 voucher.", "en"),
    ("We'd be happy to send you a free hamper once the post has come down.", "en"),
    ("Customers who revise their rating to five stars can claim a month of free streaming.", "en"),
    ("As a thank-you for removing your comment, we'll add 500 points to your account.", "en"),
    ("Si retira su reseña de Google, le regalamos una noche de hotel.", "es"),
    ("A quienes modifiquen su valoración en la app les enviaremos un cupón de 15 €.", "es"),
    ("Le ofrecemos un descuento del 30 % si elimina el comentario que publicó ayer.", "es"),
    ("删除差评的顾客可以领取50元红包。", "zh"),
    ("只要您把一星评价改成五星，我们就送您一张代金券。", "zh"),
    ("撤下视频后，我们将为您免单一次。", "zh"),
]

BRIBE_QUIET = [
    (
        "Every affected customer gets a £20 voucher, whatever they have written about us; "
        "reviews stay as they are.",
        "en",
    ),
    ("Todos los afectados recibirán un cupón de 15 €, hayan escrito o no una reseña.", "es"),
    ("所有受影响的顾客都会收到50元代金券，与是否评价无关。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), BRIBE_FIRES)
def test_bribe_fires(text: str, language: str) -> None:
    assert "bribe" in fired(text, language)


@pytest.mark.parametrize(("text", "language"), BRIBE_QUIET)
def test_bribe_near_misses_stay_quiet(text: str, language: str) -> None:
    assert "bribe" not in fired(text, language)


# --- the rules file: a signal's exceptions --------------------------------------------------------------

RULES_WITH_SIGNAL_EXCEPTION = """
signals:
  step:
    en: ['\\bwill\\s+be\\s+sent\\b']
    except:
      en: ['\\bupdate\\s+will\\s+be\\s+sent\\b']
rules:
  no_step:
    severity: warning
    when_missing: step
    message: {en: 'No step.'}
"""


def test_a_signal_match_inside_its_exception_does_not_count() -> None:
    rules = parse_rules(RULES_WITH_SIGNAL_EXCEPTION)
    assert [f.rule for f in lint_statement("An update will be sent on Monday.", rules=rules)] == ["no_step"]
    assert lint_statement("New cards will be sent on Monday.", rules=rules) == []


# --- what is no step: the harm named in a "whose" clause, effort spent; and a report by a deadline ----


def test_what_was_done_to_those_affected_is_no_step_of_ours() -> None:
    text = (
        "The college apologises to the nurses whose shifts were moved without warning. Suitable steps "
        "will be taken so that it does not happen again. Next update on 9 May at 17:00."
    )
    found = fired(text)
    assert "vague_action" in found


def test_effort_spent_is_no_step() -> None:
    text = "今晚演唱会入场排队过长，我们理解大家的心情。现场工作人员已经尽了最大努力。感谢大家的耐心。"
    assert "no_concrete_action" in fired(text, "zh")


def test_a_step_done_is_a_step_in_any_wording() -> None:
    assert "no_concrete_action" not in fired(
        "El martes la web cayó durante dos horas. Los servidores quedaron estabilizados a las 14:00. "
        "Próxima actualización el jueves a las 10:00.",
        "es",
    )
    assert "no_concrete_action" not in fired(
        "Our app crashed on Tuesday. The servers were stabilised at 14:00 and all 3,000 stuck orders were "
        "processed. Next update on Thursday at 10:00."
    )


def test_a_report_promised_by_a_deadline_is_a_next_update() -> None:
    text = "周一部分门店出现断货。我们已向受影响门店补货。补货完成后第一时间公布，最迟不晚于6月2日中午12点。"
    assert "missing_next_update" not in fired(text, "zh")


def test_guan_yu_is_not_a_time_for_the_next_update() -> None:
    text = "关于6月1日航班备降的说明：我们理解旅客们的焦虑。感谢各位的耐心。"
    assert "missing_next_update" in fired(text, "zh")


# --- bribe: a condition on the review's state, however far the state is from the review --------------

BRIBE_BY_STATE_FIRES = [
    ("We can offer you a full refund, on the condition that the video is taken offline.", "en"),
    ("Your next three deliveries are free if the complaint on Trustpilot is withdrawn.", "en"),
    (
        "We would love to welcome you back for a free tasting menu. We only ask that the photos you "
        "shared on Instagram come down first.",
        "en",
    ),
    ("Cuando la publicación ya no esté visible, le abonaremos los 40 euros.", "es"),
    ("Si la reseña que dejó en Google ha sido retirada, le regalamos una noche.", "es"),
    ("追评改成好评可返现20元。", "zh"),
    ("只要那条视频不再显示，我们就送您一张代金券。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), BRIBE_BY_STATE_FIRES)
def test_bribe_on_the_state_of_a_review_fires(text: str, language: str) -> None:
    assert "bribe" in fired(text, language)


def test_a_review_hidden_by_the_platform_is_no_condition_of_ours() -> None:
    text = (
        "All guests receive a free night. If the reviews on our page are hidden by the platform, "
        "please tell us."
    )
    assert "bribe" not in fired(text)


# --- blames_customer: those named by a fault of theirs, the careful ones who knew, any duty laid on them --

WHO_DID_IT_FIRES = [
    ("Passengers who arrived after the gate closed could not be boarded.", "en"),
    ("Los pasajeros que llegaron después del cierre de la puerta no pudieron embarcar.", "es"),
    (
        "Las cuentas bloqueadas pertenecían a socios que habían introducido mal su contraseña varias veces.",
        "es",
    ),
    ("被锁定的账户都是多次输错密码的会员。", "zh"),
    ("在登机口关闭后才到达的旅客无法登机。", "zh"),
    ("Los compradores que leyeron la descripción sabían que las pilas no estaban incluidas.", "es"),
    ("认真看过商品描述的买家都知道不含电池。", "zh"),
    ("Los clientes son responsables de mantener actualizados sus datos de contacto.", "es"),
]

WHO_DID_IT_QUIET = [
    ("Guests who arrived late that evening were sent to other hotels at our cost.", "en"),
    ("Customers who shared their codes with the fake caller will be refunded in full by Friday.", "en"),
    ("Los pasajeros que llegaron tarde fueron realojados en otro hotel por cuenta nuestra.", "es"),
    ("Los clientes que introdujeron mal su dirección pueden corregirla en la app hasta el lunes.", "es"),
    ("多次输错密码的会员可以拨打客服热线解锁。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), WHO_DID_IT_FIRES)
def test_those_named_by_their_fault_fire(text: str, language: str) -> None:
    assert "blames_customer" in fired(text, language)


@pytest.mark.parametrize(("text", "language"), WHO_DID_IT_QUIET)
def test_those_named_by_their_fault_then_helped_stay_quiet(text: str, language: str) -> None:
    assert "blames_customer" not in fired(text, language)


# --- vague_action: passed upwards, or our ways of working to be reviewed, is no step -------------------

PASSED_UPWARDS_VAGUE = [
    (
        "Our website was down on Sunday. We are sorry. The matter has been referred to the relevant team "
        "and our procedures will be reviewed. Next update on Monday at 9:00.",
        "en",
    ),
    (
        "El martes falló el sistema de reservas. Lo sentimos. El asunto se ha trasladado a la dirección y "
        "se revisarán los procedimientos. Informaremos el jueves a las 9:00.",
        "es",
    ),
    ("周二预订系统故障，我们深感抱歉。公司高度重视，已责成相关部门认真整改。周四上午9点通报进展。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), PASSED_UPWARDS_VAGUE)
def test_passed_upwards_is_a_vague_action(text: str, language: str) -> None:
    found = fired(text, language)
    assert "vague_action" in found
    assert "no_concrete_action" not in found


def test_handed_to_the_police_is_a_step() -> None:
    text = "周二部分用户遭遇诈骗短信，我们深感抱歉。我们已将全部线索移交公安机关。周四上午9点通报进展。"
    assert not {"vague_action", "no_concrete_action"} & fired(text, "zh")


# --- non_apology: feelings understood, then "this" regretted; expectations not met --------------------

FEELINGS_UNDERSTOOD_FIRES = [
    ("We understand that some customers are frustrated, and we regret that.", "en"),
    ("Sentimos mucho que algunos socios no estén contentos con el cambio.", "es"),
    ("我们理解部分乘客的不满，对此深表歉意。", "zh"),
    ("很遗憾这次活动没有达到大家的预期。", "zh"),
]

FEELINGS_UNDERSTOOD_QUIET = [
    ("We understand customers are frustrated; we are sorry that our update broke payments.", "en"),
    ("我们理解大家的不满，我们为系统故障导致的扣款错误深表歉意。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), FEELINGS_UNDERSTOOD_FIRES)
def test_feelings_understood_then_regretted_fire(text: str, language: str) -> None:
    assert "non_apology" in fired(text, language)


@pytest.mark.parametrize(("text", "language"), FEELINGS_UNDERSTOOD_QUIET)
def test_an_apology_for_our_act_after_understanding_stays_quiet(text: str, language: str) -> None:
    assert "non_apology" not in fired(text, language)
