"""Statement linter, kinds found weak on text written outside the team (round 7).

Recall was low on the held-out halves: the rules knew the tuning examples' phrasings. Each kind is now
caught by structure (who did what, which request is tied to which benefit, which apology owns what),
with word classes in statement_lint.yaml. The sentences are new, written for these tests and not taken
from any corpus; each kind has near misses that must stay quiet.
"""

from __future__ import annotations

import pytest

from bot.statements.lint import lint_statement
from bot.statements.sentences import split_sentences


def fired(text: str, language: str = "en") -> set[str]:
    return {f.rule for f in lint_statement(text, language)}


# --- blames_customer: the cause put on customers, by any wording -------------------------------------

BLAMES_CUSTOMER_FIRES = [
    (
        (
            "A small number of customers had not installed the latest firmware, which left "
            "their devices exposed."
        ),
        "en",
    ),
    ("The faults we saw were all on units fitted with third-party batteries.", "en"),
    ("Certain account holders reused passwords from other sites.", "en"),
    ("Some guests ignored the posted signs near the pool.", "en"),
    ("The issue only affected users who had not updated the app since March.", "en"),
    ("Most of the reported failures involved incorrect settings chosen by owners.", "en"),
    ("Customers who misused the charging cable reported overheating.", "en"),
    ("Users who installed the app without reading the permissions screen were exposed.", "en"),
    ("A handful of riders left their scooters unlocked overnight.", "en"),
    ("In most cases, customers had entered the wrong bank details.", "en"),
    ("The breaches we investigated were traced to customers sharing their login codes.", "en"),
    (
        (
            "Unfortunately, a number of members did not update their contact details, so "
            "they missed the notice."
        ),
        "en",
    ),
    (("Only accounts whose holders had switched off two-factor authentication were accessed."), "en"),
    ("The overheating occurred where owners used non-approved chargers.", "en"),
    ("Had more guests read the safety card, fewer would have been hurt.", "en"),
    ("Several passengers ignored the boarding announcements and missed the flight.", "en"),
    ("Some users downloaded the app from unofficial stores.", "en"),
    ("Many of the affected players had shared their accounts with friends.", "en"),
    ("The problem was limited to subscribers who skipped the verification step.", "en"),
    (("A minority of customers used the device outdoors, against the guidance in the manual."), "en"),
    (("Algunos clientes no actualizaron la aplicación a tiempo y por eso perdieron sus datos."), "es"),
    ("Un pequeño número de usuarios reutilizó contraseñas de otros servicios.", "es"),
    ("Ciertos huéspedes ignoraron las indicaciones del personal.", "es"),
    (("El problema solo afectó a los usuarios que no habían instalado la última versión."), "es"),
    ("Algunos titulares de cuenta usaron la tarjeta de forma indebida.", "es"),
    ("Los fallos se debieron a una configuración incorrecta por parte de los clientes.", "es"),
    ("Muchos pasajeros no siguieron las indicaciones de la tripulación.", "es"),
    (("Los propietarios que usaron cargadores de terceros sufrieron los sobrecalentamientos."), "es"),
    ("Parte de los clientes manipuló el equipo sin leer el manual.", "es"),
    ("Varios socios compartieron sus claves con terceros.", "es"),
    ("La incidencia afectó únicamente a quienes no cambiaron la contraseña.", "es"),
    ("Si los clientes hubieran revisado sus datos, el cobro no se habría duplicado.", "es"),
    ("部分用户未按照说明书操作，导致设备损坏。", "zh"),
    ("少数客户未及时更新应用，因此受到了影响。", "zh"),
    ("个别车主自行改装了电路。", "zh"),
    ("此次问题主要是由于用户操作不当造成的。", "zh"),
    ("如果用户及时修改密码，就不会被盗号。", "zh"),
    ("部分会员使用第三方充电器，导致电池过热。", "zh"),
    ("一些顾客没有仔细阅读使用须知。", "zh"),
    ("该问题仅影响未升级到最新版本的用户。", "zh"),
    ("部分乘客未按规定时间到达登机口。", "zh"),
    ("有些用户把密码告诉了他人。", "zh"),
    ("个别业主私自拆改了燃气管道。", "zh"),
    (("Nearly every fire we examined involved cheap replacement batteries bought online."), "en"),
    ("The passengers who were stranded had ignored three rebooking messages.", "en"),
    ("This happened only on phones still running an old version of the app.", "en"),
    ("La mayoría de las averías se dieron en calderas con piezas no originales.", "es"),
    ("Los robos se concentran en cuentas con contraseñas débiles.", "es"),
    ("Si hoy ve el saldo a cero es porque no actualizó la aplicación.", "es"),
    ("起火的车辆大多加装了非原装电池。", "zh"),
    ("这次被盗的账户都设置了相同的简单密码。", "zh"),
    (("Our logs show the account was accessed with a password that had been used on other websites."), "en"),
    ("Every affected vehicle had missed at least one scheduled service.", "en"),
    ("Most of those stranded had booked through unofficial resellers.", "en"),
    ("Refund delays affected only those who had entered an old bank account.", "en"),
    ("Los vehículos afectados no habían pasado la revisión obligatoria.", "es"),
    ("La mayoría de los afectados compró las entradas en webs de reventa no oficiales.", "es"),
    ("涉事车辆均未按期进行保养。", "zh"),
    ("大部分受影响的用户是通过非官方渠道购买的门票。", "zh"),
    ("这些订单的收货地址填写有误，导致配送失败。", "zh"),
    ("Unfortunately, the passengers concerned arrived after the gate had closed.", "en"),
    (("The terms customers accepted at sign-up clearly state that backups are their job."), "en"),
    ("Guests are responsible for their own valuables, as signposted at reception.", "en"),
    ("Regrettably, several customers left their cards in the machine.", "en"),
    ("The vast majority of affected users were still on version 4.1 of the app.", "en"),
    (("Los pasajeros afectados llegaron al mostrador después del cierre de la facturación."), "es"),
    ("Los huéspedes son responsables de sus objetos de valor.", "es"),
    ("Muchos usuarios seguían usando la versión 3 de la app.", "es"),
    ("Las condiciones que aceptaron al registrarse lo dejan claro.", "es"),
    ("部分旅客在登机口关闭后才抵达。", "zh"),
    ("用户需自行承担因密码泄露造成的损失。", "zh"),
    ("很多车主长期不保养车辆。", "zh"),
    ("您注册时同意的条款里写得很清楚。", "zh"),
    (
        (
            "The firmware defect is our responsibility, of course, but most failures came "
            "from users who skipped the update."
        ),
        "en",
    ),
    ("This is not our fault: several customers ignored the warnings.", "en"),
    ("No fue culpa nuestra: varios clientes ignoraron los avisos.", "es"),
    ("当然，固件缺陷是我们的责任，但大部分故障发生在未按说明书升级的用户身上。", "zh"),
    ("经调查，涉事用户系在非官方渠道下载了仿冒App。", "zh"),
    ("事发时该乘客未系安全带。", "zh"),
    ("投诉的用户大多没有按时缴纳费用。", "zh"),
    ("问题主要出现在使用过期产品的顾客身上。", "zh"),
    ("El pasajero no llevaba puesto el cinturón.", "es"),
    ("Muchos clientes no pagaron la cuota a tiempo.", "es"),
    ("The rider was not wearing a helmet.", "en"),
    ("Several members paid their renewal late.", "en"),
    ("Used correctly, the heater does not overheat.", "en"),
    ("Aplicada según las instrucciones, la crema no produce irritación.", "es"),
    ("按说明书操作就不会出现漏水。", "zh"),
    ("这些乘客在开车前5分钟才到站台。", "zh"),
    ("The handful of customers who lost data had switched off automatic backups.", "en"),
    (("Investigations show the affected boilers had been serviced by unregistered engineers."), "en"),
    ("Sadly, some parents left children unattended near the pool.", "en"),
    ("Where customers followed the setup guide, the alarms worked as designed.", "en"),
    (("The few complaints we received involved bikes ridden beyond the recommended load."), "en"),
    (("Los cortes afectaron sobre todo a hogares con instalaciones eléctricas antiguas sin revisar."), "es"),
    ("Varios usuarios instalaron la aplicación desde enlaces recibidos por SMS.", "es"),
    ("Quienes tenían la app actualizada no notaron nada.", "es"),
    (("La mayoría de las reclamaciones vienen de clientes que no leyeron las condiciones."), "es"),
    ("出现问题的基本都是自行更换过零件的车辆。", "zh"),
    ("受影响的多为长期未更新系统的设备。", "zh"),
    ("个别顾客将产品放在高温环境中，导致变质。", "zh"),
    ("只有未开启两步验证的账户被盗。", "zh"),
    ("Detectamos que muchos de los pedidos fallidos tenían la dirección mal escrita.", "es"),
    (("Buena parte de los socios afectados no había activado las notificaciones de la app."), "es"),
    ("El incendio se originó en un patinete cargado con un cargador no homologado.", "es"),
    ("Recordamos que el manual advierte de no usar el horno con la puerta abierta.", "es"),
    (("Los casos de intoxicación corresponden a clientes que consumieron el producto caducado."), "es"),
    ("Si hubieran seguido los pasos del correo, no habrían tenido problemas.", "es"),
    ("据统计，九成投诉来自未按时还款的用户。", "zh"),
    ("部分消费者未仔细核对订单信息便付款。", "zh"),
    ("这几起事故都是由于车主私自改装电路引起的。", "zh"),
    ("很多用户图省事，直接关闭了安全提醒。", "zh"),
    ("若当时用户按提示操作，损失本可避免。", "zh"),
    ("It appears most of the affected accounts had never enabled login alerts.", "en"),
    (
        (
            "Customers are reminded that the warranty does not cover water damage from "
            "swimming with the watch."
        ),
        "en",
    ),
    ("In nearly every case, the tenant had blocked the ventilation grilles.", "en"),
    ("Problems arose for shoppers who ignored the size guide.", "en"),
    (("Had those customers read our email of 2 May, they would have known about the change."), "en"),
    ("The outage only hit households still using the old router we replaced last year.", "en"),
    ("If you had kept your receipt, we could have refunded you on the spot.", "en"),
    (
        ("You would have avoided the charge by cancelling before midnight, as the booking page explains."),
        "en",
    ),
    ("Customers who chose the basic plan knowingly gave up phone support.", "en"),
    ("Si hubiera conservado el ticket, le habríamos devuelto el dinero en el momento.", "es"),
    (("Habría evitado el cargo cancelando antes de medianoche, como explica la página de reserva."), "es"),
    ("您只要在零点前取消，就不会产生费用。", "zh"),
    (("Most of the stolen accounts belonged to people who had clicked a fake delivery text."), "en"),
    ("These incidents happen when owners ignore the low-battery warning for weeks.", "en"),
    ("Customers who opted out of our security emails missed the warning.", "en"),
    ("Los afectados habían compartido su código de verificación por teléfono.", "es"),
    (("El problema aparece cuando el usuario no cierra sesión en ordenadores compartidos."), "es"),
    ("被盗号的用户大多在不明网站上输入过密码。", "zh"),
    ("事故车辆均未按规定进行年检。", "zh"),
    (("Nearly all the lost parcels were sent to addresses customers had typed incorrectly."), "en"),
    ("Patients who took more than the stated dose reported side effects.", "en"),
    ("A few drivers continued to charge overnight despite the recall notice.", "en"),
    ("Las quejas proceden sobre todo de usuarios que no leyeron el aviso del día 3.", "es"),
    (("Algunos conductores siguieron cargando el coche por la noche pese al aviso de revisión."), "es"),
    ("大部分丢件是因为顾客填写的地址不完整。", "zh"),
    ("部分患者超剂量服用后出现不适。", "zh"),
    ("It is worth noting that the affected members had not changed the default PIN.", "en"),
    ("Everyone who read the instructions had a smooth installation.", "en"),
    ("Casi todas las averías se deben a que el cliente no descalcificó la cafetera.", "es"),
    ("Quienes siguieron las instrucciones de instalación no tuvieron ningún problema.", "es"),
    ("绝大多数故障是用户未定期除垢造成的。", "zh"),
    ("认真阅读说明书的用户都没有遇到这个问题。", "zh"),
    ("Most reported leaks came from kettles filled above the max line.", "en"),
    ("The only members affected were those who never set up account recovery.", "en"),
    ("These charges appear when users forget to cancel their free trial.", "en"),
    (("La mayoría de las quejas llegan de clientes que no revisaron su pedido al recibirlo."), "es"),
    ("Los robos afectaron a bicicletas que se dejaron sin candado.", "es"),
    ("多数投诉来自未及时确认收货的买家。", "zh"),
    ("出现扣费的都是忘记取消自动续费的用户。", "zh"),
    (("Los usuarios que pinchan en enlaces de SMS desconocidos son los que acaban perdiendo dinero."), "es"),
    ("Varios huéspedes dejaron la puerta del balcón abierta durante la tormenta.", "es"),
    ("Casi todos los afectados usaban la misma clave desde hace años.", "es"),
    ("被骗的顾客几乎都把验证码告诉了“客服”。", "zh"),
    ("出事的电动车大多在楼道里充电。", "zh"),
    ("Nearly everyone who lost money had shared a one-time code with a caller.", "en"),
    ("The affected guests had all booked through an unlicensed website.", "en"),
    ("In each case the card had been left in the car overnight.", "en"),
    ("Several riders removed the speed limiter themselves.", "en"),
    ("Los clientes afectados habían instalado programas pirata en sus equipos.", "es"),
    ("涉事账户的密码均为生日或手机号。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), BLAMES_CUSTOMER_FIRES)
def test_blames_customer_fires(text: str, language: str) -> None:
    assert "blames_customer" in fired(text, language)


BLAMES_CUSTOMER_QUIET = [
    ("Customers who were affected will be refunded in full by Friday.", "en"),
    ("Customers who did not receive their parcel will get a replacement next week.", "en"),
    ("We failed to warn customers about the change, and that is on us.", "en"),
    ("Thank you to the customers who reported the problem so quickly.", "en"),
    ("Some customers were charged twice because of our error.", "en"),
    ("A small number of users could not log in between 9 and 11.", "en"),
    ("Customers who have not yet received an email can call 0800 123 456.", "en"),
    ("If you have not received your refund by Friday, please contact us.", "en"),
    (
        ("We recommend that all users update the app to version 5.2, which fixes the flaw we introduced."),
        "en",
    ),
    (("Users who had not logged in since the update will be asked to reset their password."), "en"),
    ("Our staff ignored the alarms, and we have retrained the whole shift.", "en"),
    ("Some users reported the fault to us before we noticed it.", "en"),
    ("Los clientes afectados recibirán un reembolso completo.", "es"),
    ("Los usuarios que no recibieron el correo pueden llamarnos al 900 123 456.", "es"),
    ("No actualizamos el sistema a tiempo; es culpa nuestra.", "es"),
    ("Algunos clientes no pudieron pagar con tarjeta el lunes.", "es"),
    ("Gracias a los usuarios que nos avisaron del fallo.", "es"),
    ("Si no ha recibido el reembolso antes del viernes, escríbanos.", "es"),
    ("部分用户无法登录，我们深表歉意。", "zh"),
    ("未收到退款的用户请拨打客服电话。", "zh"),
    ("我们未能及时通知用户，这是我们的责任。", "zh"),
    ("感谢及时反馈问题的用户。", "zh"),
    ("建议所有用户更新到5.2版本，该版本修复了我们引入的漏洞。", "zh"),
    ("部分用户的订单被重复扣款，是我们的系统错误。", "zh"),
    (
        (
            "We are sorry: our update broke the app. Users who have not yet updated should "
            "wait for version 5.3, out tomorrow."
        ),
        "en",
    ),
    (("Guests who left their rooms during the alarm were moved to the Hotel Azul at our cost."), "en"),
    ("Passengers who missed connections because of our delay will be rebooked free.", "en"),
    ("The bus driver ignored the signal, and the company accepts full responsibility.", "en"),
    ("If customers have not updated their address, they can do it online at any time.", "en"),
    ("Customers did nothing wrong: the fault was entirely in our billing system.", "en"),
    (("Some customers shared their experience with us on social media, and we are grateful."), "en"),
    ("Players who lost items will have them restored by Friday.", "en"),
    ("Our engineers skipped a test before the release; that is our failure.", "en"),
    ("Los clientes que no actualizaron la app pueden descargar la versión 5.3 gratis.", "es"),
    ("Si algunos clientes no actualizaron la app, pueden hacerlo hoy sin coste.", "es"),
    ("Los socios compartieron sus opiniones en la encuesta y les damos las gracias.", "es"),
    ("Nuestros técnicos ignoraron una alarma; la responsabilidad es nuestra.", "es"),
    ("Los pasajeros que perdieron su conexión recibirán un vale de 50 euros.", "es"),
    ("用户无需自行操作，系统将自动退款。", "zh"),
    ("我们提醒用户不要向他人透露验证码。", "zh"),
    ("部分用户未及时收到通知，是我们的短信通道故障所致。", "zh"),
    ("请未更新的用户尽快更新到5.2版本。", "zh"),
    ("我们未按照承诺的时间为用户发货，深表歉意。", "zh"),
    ("用户反映我们的客服忽视了他们的投诉，我们已约谈相关员工。", "zh"),
    ("合作商家违规留存了会员数据，我们已终止合作。", "zh"),
    ("用户可自行选择退款或换货。", "zh"),
    ("Errors occurred in a small number of cases, none involving third-party chargers.", "en"),
    ("Our investigation found no cases linked to third-party chargers.", "en"),
    ("The problems in our app came from third-party software we chose to use.", "en"),
    ("Your details were incorrect on the letter we sent, and we are sorry.", "en"),
    (
        (
            "The outage affected 4,800 customers who had booked through our app; each will "
            "get a full refund by Friday."
        ),
        "en",
    ),
    (("Accounts with weak passwords can now be protected for free with our new two-factor option."), "en"),
    ("Los casos no tienen relación con cargadores de terceros.", "es"),
    (("Los fallos de nuestra app se deben a un módulo de terceros que elegimos nosotros."), "es"),
    ("我们的客服绝不会要求您把验证码发给他人。", "zh"),
    ("请大家不要把账号借给他人。", "zh"),
    ("我们的账户系统未开启双重验证，这是我们的失误。", "zh"),
    ("事故与第三方充电器无关，原因是我们的电池批次缺陷。", "zh"),
    ("Every affected vehicle will get a free inspection by 30 June.", "en"),
    ("Our system had not updated the affected accounts, so the fault is ours.", "en"),
    ("Los vehículos afectados pasarán una revisión gratuita antes del 30 de junio.", "es"),
    ("Los afectados recibirán el reembolso completo.", "es"),
    ("我们的系统把收货地址填写有误，责任在我们。", "zh"),
    ("涉事车辆将于6月30日前免费保养。", "zh"),
    ("Customers are not responsible for any of this; we will cover every cost.", "en"),
    ("The passengers arrived at 9:00 and we kept them waiting for three hours.", "en"),
    ("We are responsible for your valuables while they are in our safe.", "en"),
    ("Los clientes no son responsables de nada: asumimos todos los costes.", "es"),
    ("用户无需承担任何损失，全部由我们负责。", "zh"),
    ("旅客抵达后我们的柜台已经关闭，这是我们的安排失误。", "zh"),
    (
        (
            "Customers who used third-party chargers are covered too: the fault was in our "
            "battery, not the chargers."
        ),
        "en",
    ),
    (
        ("Many customers had not received our warning email because our mail server failed; that is on us."),
        "en",
    ),
    ("Passengers who arrived late because of our shuttle bus will be rebooked free.", "en"),
    (
        (
            "Los clientes que usaron cargadores de terceros también tienen derecho al "
            "cambio: el fallo era de nuestra batería."
        ),
        "es",
    ),
    ("使用第三方充电器的用户同样可以免费更换，问题出在我们的电池上。", "zh"),
    (
        (
            "Some customers ignored our email because it looked like phishing, and they were "
            "right to be careful."
        ),
        "en",
    ),
    (("Algunos clientes ignoraron nuestro correo porque parecía fraudulento, y con razón."), "es"),
    ("部分用户忽略了我们的短信，因为它看起来像诈骗信息，这是我们的问题。", "zh"),
    ("我们的司机未系安全带，公司已对其停职处理。", "zh"),
    ("Los clientes no pagaron nada por el cambio de tarjeta.", "es"),
    ("Members paid nothing extra for the upgrade.", "en"),
    (("Used correctly or not, every heater from batch 7 is being replaced free of charge."), "en"),
    ("只要更新到3.2.1版本就不会再出现该问题，更新免费。", "zh"),
    ("我们的航班在起飞前5分钟才通知旅客改登机口，这是我们的失误。", "zh"),
    ("Our engineer left the gas valve open; we are deeply sorry.", "en"),
    (("The bikes were ridden well within the recommended load; the frame defect is ours."), "en"),
    ("提醒顾客不要将产品放在高温环境中，本批次产品我们将全部召回。", "zh"),
    ("系统升级后，我们关闭了旧的安全提醒并启用了新的验证方式。", "zh"),
    ("部分用户登录失败，系统关闭了安全验证以便排查。", "zh"),
    ("Recordamos que el reembolso llegará antes del viernes.", "es"),
    (("El incendio se originó en un cargador de nuestra propia tienda, no en uno de terceros."), "es"),
    ("Households still using the old router will get a new one free by 30 June.", "en"),
    (("Our contractor blocked the ventilation grilles during the works; the fault is ours."), "en"),
    ("We would have avoided this outage with a second server; that failure is ours.", "en"),
    ("Habríamos evitado el corte con un segundo servidor; el fallo es nuestro.", "es"),
    ("You can avoid the queues by booking online from Monday.", "en"),
    ("您只要更新到最新版本，就不会再出现该问题，更新免费。", "zh"),
    ("We ignore no complaint: every one is answered within 24 hours.", "en"),
    (("Los clientes no cerraron nada: el fallo fue de nuestro servidor y con razón se quejaron."), "es"),
    (("Patients who took the stated dose reported side effects, and we have withdrawn batch 12."), "en"),
    ("Everyone who booked through us will get a full refund by Friday.", "en"),
    ("Everyone who read the notice still lost access, because our system failed.", "en"),
    ("Our tanks were filled above the max line at the depot; the fault is ours.", "en"),
    ("Users who want to cancel their free trial can do it in one tap from today.", "en"),
    ("我们忘记取消自动续费，导致部分用户被扣费，已全额退还。", "zh"),
    ("我们的工作人员在楼道里给电动车充电，引发了火情，我们深表歉意。", "zh"),
    (("Nuestro técnico dejó la puerta del cuarto de máquinas abierta; la culpa es nuestra."), "es"),
    (("The courier had left the parcel outside, which our driver should never do; we are sorry."), "en"),
    ("Our technicians removed the speed limiter during a test; the fault is ours.", "en"),
]


@pytest.mark.parametrize(("text", "language"), BLAMES_CUSTOMER_QUIET)
def test_blames_customer_stays_quiet(text: str, language: str) -> None:
    assert "blames_customer" not in fired(text, language)


# --- bribe: a benefit tied to changing a review, however politely ------------------------------------

BRIBE_FIRES = [
    ("We can offer you 30% off your next stay if you feel able to revise your rating.", "en"),
    ("Would you consider taking the video down? We'd love to send you a goodie bag.", "en"),
    ("Si nos hace el favor de quitar la reseña, le regalamos la próxima noche.", "es"),
    (("Le ofrecemos un 25 % de descuento; eso sí, le pediríamos que retirara su publicación."), "es"),
    ("您看能不能把那条差评删了？我们这边可以给您补偿一张200元的券。", "zh"),
    ("If you're willing to update the star rating, we'll cover your next delivery.", "en"),
    (
        ("Taking down the post would be much appreciated, and we'd like to send a £40 gift card your way."),
        "en",
    ),
    ("A cambio de retirar el vídeo, le ofrecemos dos noches gratis.", "es"),
    ("Si edita la reseña, le aplicamos un 15 % de descuento en su próxima compra.", "es"),
    ("删帖后我们会把500元补偿打到您的账户。", "zh"),
    ("希望您能修改一下评分，我们愿意送您一年会员。", "zh"),
    ("¿Podrías borrar el tuit? Te invitamos a una cena para dos.", "es"),
    ("Le compensaremos con 50 euros en cuanto retire la valoración de una estrella.", "es"),
    ("如您同意撤回在小红书上的笔记，我们可额外赠送价值300元的礼盒。", "zh"),
    ("给个好评吧，我们给您返20元红包。", "zh"),
    (
        (
            "In appreciation, we'd offer a complimentary spa day to anyone willing to "
            "reconsider their one-star review."
        ),
        "en",
    ),
    ("A refund is possible, provided the Instagram story is deleted first.", "en"),
    (("We'll double your points this month if your Google rating goes back up to five stars."), "en"),
    (
        (
            "Estaríamos encantados de regalarle una noche extra si decide actualizar su "
            "comentario en Tripadvisor."
        ),
        "es",
    ),
    (("Como gesto, le abonamos 30 €; solo le pedimos que revise la puntuación que nos dio."), "es"),
    ("Quienes eliminen sus publicaciones sobre el incidente recibirán un bono de 20 €.", "es"),
    ("您把抖音上的视频撤下来之后，我们马上把赔偿款打给您。", "zh"),
    ("作为感谢，修改评价的顾客可获得一张免单券。", "zh"),
    ("如果您不再在网上发布相关内容，我们可以额外补偿您1000元。", "zh"),
    ("Keep this between us and we'll send you a £100 voucher.", "en"),
    ("We'll refund your booking in full if you agree not to post about it.", "en"),
    (("Happy to comp your next two nights — could you also revisit what you wrote on Tripadvisor?"), "en"),
    ("Le regalamos el próximo mes si actualiza su reseña de Google.", "es"),
    ("删除评论的顾客可以免费领取一份甜品。", "zh"),
    (
        ("If your review could reflect the quick fix, we'd love to add a free dessert to your next visit."),
        "en",
    ),
    ("Si puede suavizar un poco su comentario, le invitamos a la próxima cena.", "es"),
    ("如果您能把评分调高一点，我们送您两张电影票。", "zh"),
    ("Delete the thread and the upgrade is yours.", "en"),
    ("Borra el hilo y te mandamos un cupón de 20 euros.", "es"),
    ("把帖子删了，这单就算我们请客。", "zh"),
    ("We'll throw in a free upgrade for anyone who takes their complaint off Facebook.", "en"),
    ("A los clientes que retiren sus quejas de Facebook les regalaremos un mes gratis.", "es"),
    ("撤销投诉的用户将获得100元代金券。", "zh"),
    (
        (
            "Nos encantaría que reconsiderases tus tres estrellas; mientras tanto, te "
            "enviamos un kit de regalo."
        ),
        "es",
    ),
    ("麻烦把小红书上的笔记设为仅自己可见，我们给您退一半的钱。", "zh"),
    ("Once the one-star review is gone, the refund will be processed straight away.", "en"),
    ("Anyone who edits a negative review this week gets 20% off.", "en"),
    ("修改差评即送50元话费。", "zh"),
    (
        (
            "We'd be grateful if you could update your review now that the issue is fixed; "
            "as a thank-you, we've added 500 points to your account."
        ),
        "en",
    ),
    (
        (
            "We would love for you to reconsider your rating. To show our appreciation, here "
            "is a 20% discount code."
        ),
        "en",
    ),
    ("Once your video has been taken down, we will send you a £30 voucher.", "en"),
    ("If you soften the wording of your post, a free month of premium is yours.", "en"),
    (
        (
            "We're offering affected customers a full refund, and we only ask that you "
            "revise your one-star review afterwards."
        ),
        "en",
    ),
    (("Customers who remove their complaint from the forum will receive a complimentary upgrade."), "en"),
    ("A gift card is on its way to you; we hope you'll consider editing your comment.", "en"),
    (
        (
            "We'd like to offer you a free night's stay. In return, we'd ask you to take "
            "down the photos you posted."
        ),
        "en",
    ),
    (("Should you decide to amend your review, we'll happily credit your account with $50."), "en"),
    (
        (
            "Please revisit your rating after trying the fix; everyone who does gets double "
            "loyalty points this month."
        ),
        "en",
    ),
    (
        (
            "Te agradeceríamos que actualizaras tu reseña; como muestra de agradecimiento, "
            "te regalamos un cupón de 15 €."
        ),
        "es",
    ),
    ("Si retiras tu vídeo, te enviaremos un vale de 30 euros.", "es"),
    ("Ofrecemos un descuento del 20 % a quienes modifiquen su valoración en la tienda.", "es"),
    (("Le devolveremos el importe íntegro; a cambio, le pedimos que elimine su comentario."), "es"),
    (("Nos gustaría que reconsiderara su opinión en Google; le obsequiaremos con una cena para dos."), "es"),
    ("Cuando hayas editado la publicación, recibirás un mes gratis.", "es"),
    ("如您愿意修改评价，我们将赠送50元代金券。", "zh"),
    ("删除视频后即可领取200积分。", "zh"),
    ("我们为您准备了一份礼品，希望您能重新考虑您的评分。", "zh"),
    ("麻烦您把差评改一下，我们给您发一个红包作为感谢。", "zh"),
    ("为表诚意，我们将全额退款，同时恳请您撤下微博。", "zh"),
    ("凡撤回投诉帖子的顾客，均可获赠一张优惠券。", "zh"),
    (("Anyone who edits their one-star rating this week will be entered into a draw for a free TV."), "en"),
    ("Reviewers who change their score to five stars can claim a free dessert.", "en"),
    ("We'll refund your ticket as soon as the tweet is gone.", "en"),
    ("Happy to send over a hamper — would you mind updating your Trustpilot review?", "en"),
    (("There's a £25 credit waiting for you, and we'd really appreciate it if the post came down."), "en"),
    ("Quien cambie su reseña a cinco estrellas se llevará un regalo.", "es"),
    ("Le haremos un descuento del 30 % si sube su valoración.", "es"),
    (("Tiene un vale de 20 euros esperándole; le agradeceríamos mucho que borrara el comentario."), "es"),
    ("将差评改为好评即可获得一张免费券。", "zh"),
    ("只要删除这条微博，我们就赔偿您500元。", "zh"),
    ("您撤回差评后，我们将为您升级会员。", "zh"),
    ("我们会给您寄一份礼物，也希望您把那条视频删掉。", "zh"),
    (("Anyone who revises their review to reflect the fix will get early access to the new menu."), "en"),
    ("Your next three coffees are on us once that TikTok is gone.", "en"),
    ("Con mucho gusto le enviamos un obsequio si considera cambiar su calificación.", "es"),
    ("帖子删了的话，这次的费用我们全免。", "zh"),
    ("如果您愿意更新一下评价，我们会送您一张会员卡。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), BRIBE_FIRES)
def test_bribe_fires(text: str, language: str) -> None:
    assert "bribe" in fired(text, language)


BRIBE_QUIET = [
    ("If you do not post the form by Friday, call us and we will still refund you.", "en"),
    ("如果您不发送验证码，我们无法为您办理退款。", "zh"),
    ("Tell us what you wrote to our agent and we will refund you today.", "en"),
    (
        (
            "Hemos suavizado nuestras condiciones de devolución y todos los clientes "
            "recibirán un vale de 10 euros."
        ),
        "es",
    ),
    ("Read the thread and you'll see every customer is getting a refund.", "en"),
    ("把评论区的问题整理了一下，所有用户都将获得补偿。", "zh"),
    ("我们已处理全部投诉，所有用户都将获得100元代金券。", "zh"),
    ("我们已为所有受影响订单退一半的钱，欢迎继续在小红书监督我们。", "zh"),
    ("我们已修改差评回复流程，所有受影响用户即送50元话费。", "zh"),
    (("Every affected customer will get a £30 voucher, regardless of what you post about us."), "en"),
    ("We'd welcome your honest review of the new service.", "en"),
    ("All guests from that night receive a free night's stay; no strings attached.", "en"),
    (("We have refunded every order. Your reviews help us improve, so please keep them coming."), "en"),
    (("We will update our review process and send every customer a 20% discount code by Friday."), "en"),
    (("The complaints you posted were right. Each affected member has received 500 points."), "en"),
    ("Todos los afectados recibirán un vale de 30 euros, publiquen lo que publiquen.", "es"),
    ("Nos encantaría conocer tu opinión sincera sobre el nuevo servicio.", "es"),
    ("Hemos reembolsado todos los pedidos. Tus reseñas nos ayudan a mejorar.", "es"),
    ("所有受影响用户都将获得50元代金券，无论您如何评价我们。", "zh"),
    ("欢迎您对新服务给出真实评价。", "zh"),
    ("我们已为所有订单退款，您的评价帮助我们改进。", "zh"),
    (("We've read every review and comment, and every customer will receive a €20 credit."), "en"),
    ("We have updated our FAQ after your comments; all customers will get a refund.", "en"),
    (
        ("After the post went viral we reviewed our process, and every affected guest gets a free night."),
        "en",
    ),
    (("If you have already posted a review, thank you; the refund goes to everyone either way."), "en"),
    (("Hemos leído todas las reseñas y cada cliente afectado recibirá un vale de 20 euros."), "es"),
    (
        (
            "Tras los comentarios en redes hemos cambiado el proceso; todos los clientes "
            "recibirán un reembolso."
        ),
        "es",
    ),
    ("我们看到了大家的评论，所有受影响的用户都将获得补偿。", "zh"),
    ("根据大家的评价，我们修改了退款流程，所有订单将全额退款。", "zh"),
    (("We'd be grateful if you could update your contact details so we can post your refund."), "en"),
    ("We'd love to hear your feedback. Every guest gets a free drink this weekend.", "en"),
    ("Please update the app to version 3.1. All affected users receive 500 points.", "en"),
    (("Could you please change your password today? We will also send every customer a £10 credit."), "en"),
    (("Te agradeceríamos que actualizaras tus datos de contacto para enviarte el reembolso."), "es"),
    (("Por favor, cambia tu contraseña hoy. Todos los clientes recibirán un vale de 10 euros."), "es"),
    ("麻烦您更新一下收货地址，我们将为您补发商品并赠送优惠券。", "zh"),
    ("请您修改登录密码，所有受影响用户都将获得50元补偿。", "zh"),
    (("Everyone on the flight gets early access to our next sale, whatever they write about us."), "en"),
    ("Todos los afectados recibirán un obsequio, opinen lo que opinen.", "es"),
    ("所有受影响的顾客本次费用全免，欢迎继续监督我们。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), BRIBE_QUIET)
def test_bribe_stays_quiet(text: str, language: str) -> None:
    assert "bribe" not in fired(text, language)


# --- non_apology: conditional, feelings, hiding passive, stock phrases -------------------------------

NON_APOLOGY_FIRES = [
    ("We apologise if anyone felt let down by Saturday's show.", "en"),
    ("Any inconvenience is regretted.", "en"),
    ("Lamentamos las molestias que se hayan podido ocasionar.", "es"),
    ("Se han producido algunas incidencias en el servicio.", "es"),
    ("由此带来的不便，敬请谅解。", "zh"),
    ("如有不周之处，还请见谅。", "zh"),
    ("Si alguno de nuestros clientes se ha visto perjudicado, le pedimos disculpas.", "es"),
    ("Lamentamos profundamente la preocupación generada.", "es"),
    ("对于此事引发的关注和担忧，我们表示遗憾。", "zh"),
    ("在系统升级过程中出现了一些状况。", "zh"),
    ("We are sorry that you were disappointed with your stay.", "en"),
    ("Apologies to anyone who found the advert offensive.", "en"),
    ("Regrettably, a number of orders were not dispatched on time.", "en"),
    ("给您带来不好的体验，我们深感抱歉。", "zh"),
    ("本次事件中存在一定的疏漏。", "zh"),
    ("对于网友的关切，我们表示理解并致歉。", "zh"),
    ("Lamentamos que la experiencia no haya estado a la altura de sus expectativas.", "es"),
    ("Sentimos que no haya quedado satisfecho.", "es"),
    ("We're sorry the experience did not meet your expectations.", "en"),
    ("The incident is regrettable and should not have happened.", "en"),
    ("We acknowledge that some customers were inconvenienced.", "en"),
    ("Reconocemos que algunos clientes se han visto afectados.", "es"),
    ("Se ha producido una situación que lamentamos.", "es"),
    ("我们注意到部分用户受到了影响，对此表示遗憾。", "zh"),
    ("We're sorry that some of you felt the new app was harder to use.", "en"),
    ("Lamentamos las molestias que haya podido causar esta incidencia.", "es"),
    ("如果此次调整给您带来了困扰，我们深表歉意。", "zh"),
    ("We're sorry for any distress the recall may have caused.", "en"),
    ("Pedimos disculpas si alguno de nuestros mensajes no fue claro.", "es"),
    ("很抱歉给您造成了不好的印象。", "zh"),
    ("We regret that the changes have not been well received.", "en"),
    ("Lamentamos que los cambios no hayan sido bien recibidos.", "es"),
    ("对于调整未能获得大家认可，我们深表遗憾。", "zh"),
    ("We apologise to those who feel the prize draw was unfair.", "en"),
    ("Pedimos disculpas a quienes consideren que el sorteo fue injusto.", "es"),
    ("对于认为抽奖不公平的网友，我们表示歉意。", "zh"),
    ("Lamentamos que algunos vecinos se hayan sentido ignorados.", "es"),
    ("如果我们的回复让您觉得不够重视，我们深表歉意。", "zh"),
    ("To the extent anyone was confused by the email, we regret that.", "en"),
    ("Lamentamos cualquier confusión que el correo haya podido generar.", "es"),
    ("We apologise for any disruption the closure may have caused.", "en"),
    ("We're sorry if the change left anyone feeling confused.", "en"),
    ("We regret that some members were disappointed by the new schedule.", "en"),
    ("A technical problem occurred that affected payments on Tuesday.", "en"),
    ("We apologise to anyone who may have been affected.", "en"),
    ("Should anyone have been inconvenienced, we apologise.", "en"),
    ("We're sorry you feel let down by the event.", "en"),
    ("Apologies for any confusion caused.", "en"),
    ("Some data was inadvertently exposed during a configuration change.", "en"),
    ("In the event that anyone was upset, we offer our apologies.", "en"),
    ("Pedimos disculpas por cualquier inconveniente que esto haya podido ocasionar.", "es"),
    ("Lamentamos si alguien se ha sentido ofendido por el anuncio.", "es"),
    ("Sentimos las molestias ocasionadas.", "es"),
    ("Se produjo una incidencia técnica que afectó a los pagos del martes.", "es"),
    ("Lamentamos que algunos clientes se hayan llevado una mala impresión.", "es"),
    ("Pedimos perdón a quienes se hayan podido sentir molestos.", "es"),
    ("En caso de que alguien se haya visto afectado, le pedimos disculpas.", "es"),
    ("Lamentamos el malestar generado.", "es"),
    ("Algunos datos quedaron expuestos durante un cambio de configuración.", "es"),
    ("Disculpen las molestias que esto pueda causar.", "es"),
    ("Sentimos que te hayas sentido decepcionado con el servicio.", "es"),
    ("对于给您带来的不便，我们深表歉意。", "zh"),
    ("如有不便，敬请谅解。", "zh"),
    ("如果本次调整让部分用户感到不满，我们表示抱歉。", "zh"),
    ("系统发生了一些故障，部分订单受到影响。", "zh"),
    ("我们对部分顾客的不愉快体验表示遗憾。", "zh"),
    ("由此给大家造成的困扰，我们深感抱歉。", "zh"),
    ("若有顾客因此感到不适，我们深表歉意。", "zh"),
    ("部分数据在配置变更过程中被意外公开。", "zh"),
    ("很抱歉让您有这样的感受。", "zh"),
    ("Pedimos disculpas a los clientes que se hayan visto afectados.", "es"),
    ("Es una pena que algunos usuarios se hayan sentido decepcionados.", "es"),
    ("Si nuestras palabras molestaron a alguien, lo sentimos.", "es"),
    ("我们很抱歉部分用户产生了不好的体验。", "zh"),
    ("系统出现一些小问题，目前已恢复。", "zh"),
    ("Mistakes may have been made in the handling of some claims.", "en"),
    ("If our post came across as insensitive, we apologise.", "en"),
    ("It is unfortunate that some guests had a poor experience.", "en"),
]


@pytest.mark.parametrize(("text", "language"), NON_APOLOGY_FIRES)
def test_non_apology_fires(text: str, language: str) -> None:
    assert "non_apology" in fired(text, language)


NON_APOLOGY_QUIET = [
    ("Unfortunately, flights were delayed because of the storm over Lisbon.", "en"),
    ("Regrettably, our warehouse team dispatched 300 orders late, and we are sorry.", "en"),
    (("We are sorry: our update broke the app, and that did not meet your expectations or ours."), "en"),
    ("给您带来不好的体验是我们的失误，我们深感抱歉，已于今天全额退款。", "zh"),
    ("The incident is regrettable, and it was entirely our fault: we are sorry.", "en"),
    (("We acknowledge that some customers were affected, and we are sorry that our update caused it."), "en"),
    ("很抱歉，是我们的失误给您造成了损失，我们已全额退款。", "zh"),
    ("We apologise to everyone affected by our outage on Monday; it was our fault.", "en"),
    ("To the extent possible, every order will be delivered by Friday.", "en"),
    ("We are sorry. We sent 3,000 customers the wrong bill, and that was our mistake.", "en"),
    ("We apologise: our update broke logins for six hours.", "en"),
    ("We got this wrong. If you were charged twice, you will be refunded by Friday.", "en"),
    ("We are sorry for the disruption our outage caused on Tuesday.", "en"),
    (("Lo sentimos: nuestro error dejó sin servicio a 3.000 clientes durante seis horas."), "es"),
    ("Pedimos perdón por el corte que provocamos el martes.", "es"),
    (("Nos equivocamos. Si te cobramos dos veces, te devolveremos el dinero antes del viernes."), "es"),
    ("我们向大家道歉：是我们的更新导致登录中断六小时。", "zh"),
    ("对不起，我们错了。我们的系统故障导致3000名用户被重复扣款。", "zh"),
    ("我们为周二的停电深表歉意，这是我们的责任。如果您被重复扣款，我们将在周五前退款。", "zh"),
    ("An error occurred in our billing system on Monday, and we are sorry.", "en"),
    ("We accidentally exposed the email addresses of 2,000 customers; we are sorry.", "en"),
    (("Your card was mistakenly charged twice by our system. We apologise and have refunded it."), "en"),
    ("Should you have any questions, please call us on 0800 123 456.", "en"),
    ("In the event that your flight is cancelled, we will rebook you for free.", "en"),
    (
        ("We are sorry for the outage. Any inconvenience is ours to fix: every account gets a €10 credit."),
        "en",
    ),
    ("Expusimos por error los datos de 2.000 clientes; lo sentimos.", "es"),
    ("En caso de que tenga dudas, llámenos al 900 123 456.", "es"),
    ("Los datos quedaron expuestos por un fallo nuestro; pedimos perdón.", "es"),
    ("我们不慎泄露了2000名用户的邮箱地址，我们深表歉意。", "zh"),
    ("如果您感到身体不适，请立即就医并拨打400-800-1234。", "zh"),
    ("对于我们的失误给您带来的不便，我们深表歉意。", "zh"),
    (("Pedimos disculpas a los 3.000 clientes a los que cobramos dos veces por nuestro error."), "es"),
    (("Si tiene dudas sobre su factura, llámenos; lo sentimos de verdad, fue culpa nuestra."), "es"),
    (("If you were charged twice, we will refund you by Friday. We are sorry: it was our error."), "en"),
    ("我们很抱歉：是我们的失误导致部分用户重复扣款。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), NON_APOLOGY_QUIET)
def test_non_apology_stays_quiet(text: str, language: str) -> None:
    assert "non_apology" not in fired(text, language)


# --- condescension_or_humour: told it is easy, told not to react -------------------------------------

CONDESCENSION_OR_HUMOUR_FIRES = [
    ("There's no need to panic: the app will be back shortly.", "en"),
    ("Actualizar la app no tiene ninguna complicación, de verdad.", "es"),
    ("按时到机场真没那么难。", "zh"),
    ("请大家不要过度解读这次的调价。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), CONDESCENSION_OR_HUMOUR_FIRES)
def test_condescension_or_humour_fires(text: str, language: str) -> None:
    assert "condescension_or_humour" in fired(text, language)


CONDESCENSION_OR_HUMOUR_QUIET = [
    ("Please do not use the lift until our engineers have inspected it.", "en"),
    ("El trámite no tiene ningún coste para usted.", "es"),
    ("不要再使用该批次产品，我们将全额退款。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), CONDESCENSION_OR_HUMOUR_QUIET)
def test_condescension_or_humour_stays_quiet(text: str, language: str) -> None:
    assert "condescension_or_humour" not in fired(text, language)


# --- vague_action: action promised, none concrete ----------------------------------------------------

VAGUE_ACTION_FIRES = [
    ("The app went down on Monday. We are looking at ways to improve our resilience.", "en"),
    ("The site crashed yesterday. We will be making changes in the weeks ahead.", "en"),
    ("La web se cayó el lunes. Estamos buscando soluciones para que no se repita.", "es"),
    ("周一网站崩溃。我们正在研究改进方案。", "zh"),
    (("El lunes falló la app. Estamos poniendo todos los medios para resolverlo cuanto antes."), "es"),
    ("La web se cayó ayer. Trabajaremos para estar a la altura de vuestra confianza.", "es"),
    ("昨天App出现故障。我们高度重视，正在积极处理。", "zh"),
    ("上周配送延误。后续我们将不断提升服务质量。", "zh"),
    (("The app failed on Monday. Our focus now is on making sure customers are looked after."), "en"),
    ("The app failed on Monday. We're exploring all options to resolve this.", "en"),
    ("昨天系统宕机。我们已成立专项小组，全面排查原因。", "zh"),
    ("上周数据泄露。公司将从严从快处理相关问题。", "zh"),
    (("El lunes se filtraron datos. Estamos tomando medidas para proteger su información."), "es"),
    (("Data was exposed on Monday, and we are sorry. We are taking steps to strengthen our security."), "en"),
    ("昨天订单系统出现故障，我们深表歉意。我们会尽快给大家一个满意的答复。", "zh"),
    ("周一App闪退，给大家添麻烦了。技术同事正在加班加点解决。", "zh"),
    ("本次数据泄露是我们的责任。我们将进一步完善数据安全管理体系。", "zh"),
    (("Ayer cobramos dos veces a algunos clientes; lo sentimos. Lo estamos solucionando."), "es"),
    (("La app falló el lunes por un error nuestro. Nuestro equipo técnico ya está en ello."), "es"),
    (("El corte del martes fue culpa nuestra. Vamos a hacer lo necesario para compensaros."), "es"),
    (
        ("The app failed on Monday. We're working closely with our partners to understand what went wrong."),
        "en",
    ),
    (("El corte del lunes fue culpa nuestra. Estamos revisando todos nuestros protocolos."), "es"),
    ("周一停电是我们的责任。我们将全面复盘，杜绝类似问题。", "zh"),
    ("The outage was our fault. We'll look at what we can do better.", "en"),
    ("El corte fue culpa nuestra. Veremos qué podemos mejorar.", "es"),
    ("这次停电是我们的责任。我们会看看哪些地方可以做得更好。", "zh"),
    ("The recall was our fault. We will keep working to earn back your trust.", "en"),
    (
        ("El retiro del producto fue culpa nuestra. Seguiremos trabajando para recuperar vuestra confianza."),
        "es",
    ),
    ("此次召回是我们的责任。我们将继续努力，重新赢得大家的信任。", "zh"),
    ("La web falló ayer. Estamos estudiando qué pasos seguir.", "es"),
    ("昨天网站故障。我们正在制定整改方案。", "zh"),
    ("The leak was our fault. Appropriate action will be taken.", "en"),
    ("La filtración fue culpa nuestra. Se tomarán las medidas oportunas.", "es"),
    ("此次泄露是我们的责任，相关责任人将被严肃处理。", "zh"),
    (
        (
            "The payment app was down on Monday. We are working to restore full service as "
            "quickly as possible."
        ),
        "en",
    ),
    (
        (
            "Our checkout failed yesterday. Our teams are doing everything they can to get "
            "things back to normal."
        ),
        "en",
    ),
    (("Some orders were lost on Friday. We will take steps to make sure this does not happen again."), "en"),
    (
        ("Yesterday's outage was our fault. We are committed to making this right for everyone affected."),
        "en",
    ),
    (("The app crashed on Tuesday. Engineers are working around the clock on a solution."), "en"),
    (
        (
            "Our site leaked order details last week. We are reviewing what happened and "
            "will share lessons learned."
        ),
        "en",
    ),
    (
        (
            "The water supply was cut on Sunday. We are actively monitoring the network and "
            "will act as needed."
        ),
        "en",
    ),
    (
        ("La app estuvo caída el lunes. Estamos trabajando para restablecer el servicio lo antes posible."),
        "es",
    ),
    (
        ("El cobro doble del viernes fue un error nuestro. Haremos todo lo posible para que no se repita."),
        "es",
    ),
    (("Ayer falló el sistema de reservas. Nuestros equipos están valorando distintas soluciones."), "es"),
    ("La web estuvo caída el martes. Vamos a mejorar nuestros procesos internos.", "es"),
    (
        (
            "Hubo retrasos en los envíos de esta semana. Seguiremos de cerca la situación y "
            "actuaremos en consecuencia."
        ),
        "es",
    ),
    ("昨天支付系统出现故障。我们正在全力处理，力争尽快恢复。", "zh"),
    ("上周部分订单丢失。我们会认真反思，持续改进服务。", "zh"),
    ("周一App无法登录。技术团队正在积极排查原因。", "zh"),
    ("本周配送延误。我们将进一步完善相关流程，避免类似情况再次发生。", "zh"),
    ("昨天系统宕机。我们会尽最大努力减少对大家的影响。", "zh"),
    (
        (
            "Customer data was exposed on Monday, and we are sorry. We will introduce new "
            "safeguards to protect your information."
        ),
        "en",
    ),
    (("Our app failed on Friday. We will implement additional measures and further controls."), "en"),
    (("Our billing failed in May. We're putting stronger processes in place going forward."), "en"),
    (
        (
            "El martes se filtraron datos de clientes por un error nuestro. Implementaremos "
            "nuevas medidas de seguridad."
        ),
        "es",
    ),
    (("La app falló el viernes. Introduciremos mejoras adicionales en nuestros sistemas."), "es"),
    ("周一客户数据泄露，我们深表歉意。我们将推出新的安全措施。", "zh"),
    ("周五系统故障。我们会引入更多的安全保障机制。", "zh"),
    (
        (
            "El lunes hubo un acceso indebido a datos de clientes por un fallo nuestro. "
            "Reforzaremos nuestras medidas de seguridad."
        ),
        "es",
    ),
    (
        (
            "On Monday we emailed the statements of 2,000 account holders, with their "
            "balances and addresses, to the wrong people. We are reviewing our processes."
        ),
        "en",
    ),
    ("Card payments failed on Monday. We have launched an internal investigation.", "en"),
    ("Card payments failed on Monday. An investigation has been opened.", "en"),
    (("El lunes fallaron los pagos con tarjeta. Hemos abierto una investigación interna."), "es"),
    ("周一银行卡支付失败。我们已启动内部调查。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), VAGUE_ACTION_FIRES)
def test_vague_action_fires(text: str, language: str) -> None:
    assert "vague_action" in fired(text, language)


VAGUE_ACTION_QUIET = [
    (
        (
            "The timetable failed on Monday. We are making changes from 3 June: trains every "
            "10 minutes at peak."
        ),
        "en",
    ),
    (("El lunes falló el metro. Estamos poniendo autobuses cada 10 minutos entre las dos estaciones."), "es"),
    (("El lunes falló la app. Devolveremos el dinero antes del viernes, lo antes posible."), "es"),
    (("The app failed on Monday. Our focus now is on refunding all 2,300 orders by Friday."), "en"),
    ("昨天系统宕机。我们已成立专项小组，并于今天上午10点恢复全部服务。", "zh"),
    ("昨天订单系统出现故障。我们已于今晚8点前为所有受影响订单办理退款。", "zh"),
    (("Ayer cobramos dos veces a algunos clientes. Ya hemos devuelto los 4.300 cobros duplicados."), "es"),
    (("El lunes falló la app. Los estamos llamando uno a uno y devolvemos el importe hoy mismo."), "es"),
    ("El lunes cobramos de más a 300 clientes. Ya hemos devuelto todos los importes.", "es"),
    (
        (
            "El corte fue culpa nuestra. Veremos a cada cliente afectado en nuestra oficina "
            "el lunes 3 a las 10:00."
        ),
        "es",
    ),
    (
        (
            "The recall was our fault. We will keep working through the night: all 4,000 "
            "units will be replaced by Friday."
        ),
        "en",
    ),
    ("昨天网站故障。我们已制定整改方案，并于今天上午10点恢复全部服务。", "zh"),
    (
        (
            "The payment app was down on Monday. We are working on it, and all duplicate "
            "charges will be refunded by Friday."
        ),
        "en",
    ),
    (
        (
            "Our checkout failed yesterday. We have restored it and added a second server; "
            "we are monitoring it closely."
        ),
        "en",
    ),
    (
        (
            "La app estuvo caída el lunes. Estamos trabajando en ello y devolveremos todos "
            "los cargos duplicados antes del viernes."
        ),
        "es",
    ),
    ("昨天支付系统出现故障。我们正在排查，所有重复扣款将于周五前原路退回。", "zh"),
    (
        (
            "Customer data was exposed on Monday. We will introduce two-factor "
            "authentication for every account by 1 June."
        ),
        "en",
    ),
    (
        (
            "El martes se filtraron datos. Implementaremos la verificación en dos pasos en "
            "todas las cuentas antes del 1 de junio."
        ),
        "es",
    ),
    ("周一客户数据泄露。我们将于6月1日前为所有账户启用双重验证。", "zh"),
    (
        (
            "El lunes hubo un acceso indebido a datos de clientes. Reforzaremos la plantilla "
            "de seguridad con 12 técnicos antes del 1 de julio."
        ),
        "es",
    ),
    (
        (
            "Card payments failed on Monday. We have commissioned an independent audit by "
            "Hale & Co, due on 3 May."
        ),
        "en",
    ),
    ("周一银行卡支付失败。我们已启动内部调查，并已为所有失败订单全额退款。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), VAGUE_ACTION_QUIET)
def test_vague_action_stays_quiet(text: str, language: str) -> None:
    assert "vague_action" not in fired(text, language)


# --- no_concrete_action: no action at all ------------------------------------------------------------

NO_CONCRETE_ACTION_FIRES = [
    ("昨天的故障给大家添麻烦了，再次感谢大家的包容和理解！", "zh"),
    ("网传我司产品含有害物质，纯属谣言。", "zh"),
    ("Lo de ayer no fue culpa nuestra, sino de la compañía eléctrica.", "es"),
    ("Sabemos que ha sido un día difícil y os agradecemos la paciencia.", "es"),
    ("We value our customers and their trust means everything to us.", "en"),
    (("The payment app was down on Monday. Thank you for your patience and understanding."), "en"),
    (("The outage on Monday was caused by our supplier, not by us. We stand by our service."), "en"),
    (
        ("We understand how frustrating Monday's outage was, and our thoughts are with everyone affected."),
        "en",
    ),
    ("Our prices went up on 1 May in line with our terms, and they will not change.", "en"),
    ("Ayer la app estuvo caída. Gracias por vuestra paciencia.", "es"),
    (("Entendemos vuestro enfado por la caída del lunes y os agradecemos la comprensión."), "es"),
    (("La subida de precios del 1 de mayo cumple nuestras condiciones y no la vamos a revertir."), "es"),
    ("昨天App出现故障，感谢大家的耐心与理解。", "zh"),
    ("此次停电是供电局线路问题，与我公司无关。", "zh"),
    ("我们理解大家的心情，也感谢大家一直以来的支持。", "zh"),
    (
        (
            "The price change was announced 30 days in advance on our website, as required. "
            "We will not be reversing it."
        ),
        "en",
    ),
    (("We have always followed every safety rule, and our products meet all legal standards."), "en"),
    ("Thank you for bearing with us. We know how much you rely on our service.", "en"),
    ("Our thoughts are with everyone affected by yesterday's outage.", "en"),
    ("The video circulating online was edited to mislead. Our water is safe to drink.", "en"),
    ("We will not be offering refunds for the delayed concert.", "en"),
    ("La subida de tarifas se comunicó con 30 días de antelación, como exige la ley.", "es"),
    ("Nuestros productos cumplen toda la normativa vigente y son seguros.", "es"),
    ("Gracias por vuestra paciencia y por seguir confiando en nosotros.", "es"),
    ("No vamos a devolver el importe de las entradas.", "es"),
    ("本次调价已提前30天在官网公示，符合相关规定。", "zh"),
    ("我们的产品符合国家标准，请大家放心。", "zh"),
    ("感谢大家的理解与支持，我们与大家同在。", "zh"),
    ("网传视频系恶意剪辑，我司产品质量合格。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), NO_CONCRETE_ACTION_FIRES)
def test_no_concrete_action_fires(text: str, language: str) -> None:
    assert "no_concrete_action" in fired(text, language)


NO_CONCRETE_ACTION_QUIET = [
    (
        (
            "Ayer cobramos dos veces la cuota a 2.000 socios. El cargo duplicado ya fue "
            "revertido en todas las cuentas."
        ),
        "es",
    ),
    (("The payment app was down on Monday. We refunded every duplicate charge on Tuesday."), "en"),
    ("La app estuvo caída el lunes. Ya hemos devuelto todos los cargos duplicados.", "es"),
    ("昨天App出现故障，我们已于今天上午为所有重复扣款办理退款。", "zh"),
    ("周一停电，我们已为受影响的1200户每户补偿50元电费。", "zh"),
    (
        (
            "The payment app was down on Monday. We are working to restore full service as "
            "quickly as possible."
        ),
        "en",
    ),
    ("Ayer falló el sistema de reservas. Estamos valorando distintas soluciones.", "es"),
    ("本周配送延误。我们将进一步完善相关流程。", "zh"),
    (
        (
            "El martes falló el cobro con tarjeta. La versión 2.4 sale el viernes con la "
            "corrección del error de pagos."
        ),
        "es",
    ),
]


@pytest.mark.parametrize(("text", "language"), NO_CONCRETE_ACTION_QUIET)
def test_no_concrete_action_stays_quiet(text: str, language: str) -> None:
    assert "no_concrete_action" not in fired(text, language)


# --- missing_next_update: a concrete time for the next update ----------------------------------------

MISSING_NEXT_UPDATE_FIRES = [
    ("We will keep you posted.", "en"),
    ("More updates will follow in the coming days.", "en"),
    ("We'll share more information as soon as we can.", "en"),
    ("The outage began at 09:00 on Monday and ended at 11:30.", "en"),
    ("Os mantendremos informados de todo.", "es"),
    ("Daremos más información muy próximamente.", "es"),
    ("La caída empezó el lunes a las 9:00 y terminó a las 11:30.", "es"),
    ("我们会适时公布进展。", "zh"),
    ("后续进展我们会第一时间告知大家。", "zh"),
    ("故障从周一上午9点持续到11点半。", "zh"),
    ("We will update you soon.", "en"),
    ("A full report will be published once the investigation is complete.", "en"),
    ("Actualizaremos en breve.", "es"),
    ("Publicaremos el informe cuando termine la investigación.", "es"),
    ("我们将尽快更新。", "zh"),
    ("更多信息将在调查结束后公布。", "zh"),
    ("We posted an update at 09:00 this morning. We will keep you informed.", "en"),
    ("Since our last update at 14:00, all flights have resumed.", "en"),
    ("Ayer a las 18:00 publicamos el primer parte. Seguiremos informando.", "es"),
    ("我们已于今天上午9点发布了第一份通报，后续情况将及时告知。", "zh"),
    ("El corte empezó el lunes a las 9:00; os mantendremos informados.", "es"),
]


@pytest.mark.parametrize(("text", "language"), MISSING_NEXT_UPDATE_FIRES)
def test_missing_next_update_fires(text: str, language: str) -> None:
    assert "missing_next_update" in fired(text, language)


MISSING_NEXT_UPDATE_QUIET = [
    ("We will give a full account at a press conference on Thursday 4 July at 11:00.", "en"),
    ("El jueves a las 11 daremos una rueda de prensa.", "es"),
    ("我们将于7月4日（周四）上午11点召开新闻发布会。", "zh"),
    ("Further updates at 9am and 5pm until this is resolved.", "en"),
    ("Actualizaremos este comunicado hoy a las 18:00.", "es"),
    ("我们将于明天上午10点通报最新进展。", "zh"),
    ("Próxima actualización, mañana a mediodía.", "es"),
    ("今晚22:00前我们会公布处理结果。", "zh"),
    ("We will post another update by Friday.", "en"),
    ("Expect our next update tomorrow at 9.", "en"),
    ("We'll be back with more news at 3pm today.", "en"),
    ("The next update will come on Monday 3 June at 18:00.", "en"),
    ("We'll update this page every two hours until the service is restored.", "en"),
    ("You will hear from us again before noon tomorrow.", "en"),
    ("A further statement will follow on 12 March.", "en"),
    ("Check back at 17:30 for the latest.", "en"),
    ("We will share the findings of the review on Thursday.", "en"),
    ("Updates will be posted here at 8am and 8pm daily.", "en"),
    ("Daremos más información el lunes 3 a las 18 h.", "es"),
    ("Volveremos a informar mañana a las 9.", "es"),
    ("La próxima actualización será el jueves a mediodía.", "es"),
    ("Publicaremos un nuevo parte cada cuatro horas.", "es"),
    ("Os mantendremos informados: nuevo aviso hoy a las 20:00.", "es"),
    ("Mañana a primera hora os contaremos cómo va.", "es"),
    ("A las 14:30 publicaremos el balance de la jornada.", "es"),
    ("Seguiremos informando cada dos horas en esta cuenta.", "es"),
    ("El informe completo estará disponible el 15 de marzo.", "es"),
    ("明早十点我们会再次通报进展。", "zh"),
    ("我们将在今晚8点发布最新情况。", "zh"),
    ("下一次更新时间：明天上午9:00。", "zh"),
    ("我们每隔两小时更新一次处理进度。", "zh"),
    ("周五下午三点前公布调查结果。", "zh"),
    ("3月12日我们将公布完整的调查报告。", "zh"),
    ("后续进展将于明天中午12点在官网发布。", "zh"),
    ("我们会在24小时内公布处理结果。", "zh"),
    ("Our next update: Thursday, 10:00 CET.", "en"),
    ("Next briefing 4 pm.", "en"),
    ("We aim to update customers by the end of Wednesday.", "en"),
    ("Further details on 3 May.", "en"),
    ("We'll provide an update within 24 hours.", "en"),
    ("The audit report is due on 30 June.", "en"),
    ("We'll give you the next update at half past five this afternoon.", "en"),
    ("Nueva actualización: martes, 10:00.", "es"),
    ("Próximo comunicado en 24 horas.", "es"),
    ("Publicaremos el informe el 3/5.", "es"),
    ("Antes del viernes os daremos más detalles.", "es"),
    ("Os escribimos de nuevo a las 19:00.", "es"),
    ("El jueves 5, a las 12:00, nueva rueda de prensa.", "es"),
    ("Tendréis noticias nuestras antes de las 20:00.", "es"),
    ("下次通报：周四10:00。", "zh"),
    ("24小时内发布调查结果。", "zh"),
    ("我们将于本周五下午公布处理方案。", "zh"),
    ("今晚20:00前更新。", "zh"),
    ("每天上午10点更新一次。", "zh"),
    ("处理进展会在本周日晚上八点公布。", "zh"),
    ("Next update: 3pm BST.", "en"),
    ("We will update this post at 14:00 GMT.", "en"),
    ("Our next bulletin follows in 6 hours.", "en"),
    ("We'll be in touch again first thing tomorrow.", "en"),
    ("Look out for our update this evening at 7.", "en"),
    ("We expect to provide an update by 5 June.", "en"),
    ("Updates at 10:00, 14:00 and 18:00 daily.", "en"),
    ("The investigation report will be published by the end of March.", "en"),
    ("We'll share the results next Tuesday.", "en"),
    ("Siguiente parte: 15:00 h.", "es"),
    ("Volvemos a informar a las 8 de la tarde.", "es"),
    ("Publicaremos novedades el próximo martes.", "es"),
    ("Nuevo comunicado en 2 horas.", "es"),
    ("Esta tarde, a las 19:30, actualizaremos esta información.", "es"),
    ("El informe de la investigación se publicará antes de finales de marzo.", "es"),
    ("下午3点再更新。", "zh"),
    ("调查报告将于3月底前发布。", "zh"),
    ("后天上午会有最新消息。", "zh"),
    ("今晚七点半发布下一次通报。", "zh"),
    ("每4小时通报一次。", "zh"),
    ("我们会在周五前给大家一个答复。", "zh"),
]


@pytest.mark.parametrize(("text", "language"), MISSING_NEXT_UPDATE_QUIET)
def test_missing_next_update_stays_quiet(text: str, language: str) -> None:
    assert "missing_next_update" not in fired(text, language)


# --- sentences: "no." ends a sentence unless a number follows -------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Lo pagaremos, lo pida o no. Y lo haremos antes del viernes.", 2),
        ("Was it our fault? We think no. Then we checked the logs.", 3),
        ("Please quote ticket No. 5512 when you call.", 1),
        ("Order nr. 88 was sent twice.", 1),
    ],
)
def test_a_dot_after_no_ends_the_sentence_unless_a_number_follows(text: str, count: int) -> None:
    assert len(split_sentences(text)) == count
