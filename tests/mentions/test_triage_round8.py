"""Mention triage, eighth round: general mechanisms, each tested on posts written for these tests (in
English, Spanish and Chinese), with the near misses each must leave alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mentions import triage
from bot.mentions.triage import MentionClass, PriorMention, classify_mention

# --------------------------------------------------------------------------------------------
# Repeats: most of an earlier post copied in runs of words, whatever else changed
# --------------------------------------------------------------------------------------------

SOFA = (
    "Ordered a sofa (order 55-20917) on 2 Oct, paid £640, delivery slot missed three times and nobody at the "
    "Croydon depot answers the phone. I just want a date."
)
VUELO = (
    "El vuelo IB3321 de las 9:40 a Sevilla lleva 4 horas de retraso, nadie en el mostrador 12 y la app no "
    "deja cambiar la reserva ABC123."
)
吹风机 = (
    "3月8号在万象城店买的吹风机(订单号884120377)，用了两天就冒烟了，门店说要寄回厂家检测，"
    "等了三周没有任何消息。"
)
航班 = (
    "@鹭岛航空 MF8501 厦门飞北京，原定晚上7点起飞，延误到凌晨1点才通知取消，机场没人安排住宿，"
    "客服电话打了五次都是忙音。"
)


@pytest.mark.parametrize(
    ("first", "repost"),
    [
        # a few words changed, a number in digits for the word
        (
            SOFA,
            "Ordered a sofa (order 55-20917) on 2 Oct, paid £640, the delivery slot was missed 3 times and "
            "no one at the Croydon depot picks up the phone. I only want a date.",
        ),
        # an aside dropped
        (
            SOFA.replace("phone.", "phone. My mum is 84 and has sat on a kitchen chair for a month."),
            SOFA.replace("date.", "date!!"),
        ),
        # a tag, a hashtag, emoji and a link added
        (
            SOFA,
            SOFA.replace("£640,", "£640!! 😡").replace("date.", "date. @brand #fail https://t.co/x1"),
        ),
        # the sentences in another order
        (SOFA, "I just want a date. " + SOFA.removesuffix(" I just want a date.")),
        (
            VUELO,
            "@aerolinea el vuelo IB3321 de las 9:40 a Sevilla ya lleva cuatro horas de retraso!!! nadie en "
            "el mostrador 12 y la app no me deja cambiar la reserva ABC123 😤 #vergüenza",
        ),
        (
            吹风机,
            "3月8号在万象城店买的吹风机（订单号884120377），才用了两天就冒烟！！门店说要寄回厂家检测，"
            "等了三周一点消息都没有😡 @品牌官方",
        ),
        (
            航班,
            "MF8501 厦门飞北京，原定晚上七点起飞，延误到凌晨一点才通知取消！机场没有人安排住宿，"
            "客服电话打了5次全是忙音😡 #鹭岛航空#",
        ),
        # a clause dropped from a Chinese post
        (航班, 航班.replace("机场没人安排住宿，", "")),
    ],
)
def test_a_repost_with_words_changed_is_a_repeat_of_the_first(first: str, repost: str) -> None:
    result = classify_mention(repost, author="other", previous=[PriorMention(7, first, "one")])
    assert result.mention_class is MentionClass.SPAM_DUPLICATE
    assert result.duplicate_of == 7


@pytest.mark.parametrize(
    ("first", "other"),
    [
        # another customer, the same incident, their own words and details
        (
            SOFA,
            "Same thing happened to me: bed frame, order 55-31022, paid £410 on 28 Sept, missed two slots "
            "and the Croydon depot line just rings out.",
        ),
        (
            VUELO,
            "Yo también estoy en el IB3321 a Sevilla, mi reserva es XK9920, llevamos desde las 9 en la "
            "puerta y nadie informa de nada, tengo un niño de 2 años.",
        ),
        (
            吹风机,
            "我也是万象城店买的，卷发棒，订单号884199201，上周插上电就跳闸，门店让我自己联系厂家，太离谱了。",
        ),
        (
            航班,
            "同一天MF8503 厦门飞上海也取消了，我们在T3等到凌晨两点，地服说酒店都满了，带着老人只能睡椅子。",
        ),
        # the earlier post quoted, with a long story of the writer's own after it
        (
            SOFA,
            f'"{SOFA}" Exactly my week too: a wardrobe, order 55-20388, two missed slots, £380 paid on '
            "30 Sept, three calls to the depot, one promise of a callback and nothing since, while my "
            "clothes sit in bin bags on the bedroom floor.",
        ),
    ],
)
def test_the_same_incident_in_other_words_is_not_a_repeat(first: str, other: str) -> None:
    result = classify_mention(other, author="other", previous=[PriorMention(7, first, "one")])
    assert result.mention_class is not MentionClass.SPAM_DUPLICATE


# --------------------------------------------------------------------------------------------
# Advertising: kinds of unrelated offer, and a contact handle as the way to reach the seller
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # counterfeits
        "Genuine-look Rolex and AP watches, mirror quality, tracked shipping worldwide. "
        "WhatsApp: +44 7700 900812",
        "高仿LV包包原单品质，一比一复刻，支持验货，加微信 lvbag8899",
        # side jobs
        "Tired of your bank? Earn £300 a day from your phone, no experience needed. Telegram: @quickwins_uk",
        "Gana 50€ al día desde el móvil dando likes, sin experiencia. Info por Telegram: @likes_pagados",
        "招聘兼职打字员，在家动动手指日赚三百，加Q 1928374650 详聊",
        # a crypto pump
        "$ZORP just launched, up 420% since Monday 🚀 presale closes at midnight, get in before the "
        "listing: zorp-token.app",
        # game goods with a seller's payment terms
        "Vendo cuentas de Valorant con skins y rango diamante, precios desde 8€. Pago por Bizum. Escríbeme "
        "al WhatsApp 612 345 987",
        # a prize claimed with card or identity details
        "🎁 Sorteo de aniversario: 20 vuelos gratis. Entra en vuelos-premio.top e introduce los datos de "
        "tu tarjeta para verificar",
        "🎉官方福利🎉 关注+转发抽5人送iPhone！领奖请在 http://gift-win.top 填写身份证号和银行卡号",
    ],
)
def test_unrelated_offers_are_ads(text: str) -> None:
    assert classify_mention(text, author="seller", author_followers=150).mention_class is MentionClass.AD


@pytest.mark.parametrize(
    "text",
    [
        # a customer who paid by PayPal, and a number that is their own order
        "Paid £59.99 via PayPal for order #HB-20931 on 3 March, still nothing delivered "
        "and your chat closes on me.",
        "Mi pedido 448120 de 38 € lo pagué por PayPal el lunes y la app dice entregado, pero no llegó nada.",
        "我的订单号 2038477123，3月5号付了299元，到现在没发货，客服电话打了三次都没人接。",
        # a channel word that is no contact ("Signal: none")
        "Signal: none since 9am on 4 May in Leeds LS6, my broadband line has been down for 8 hours and "
        "support won't call back.",
        # a customer whose card details were asked for by the real app
        "Your app asked me to enter my card details again on 2 May, then charged £12.99 "
        "twice for order 88123.",
    ],
)
def test_customers_naming_payments_and_channels_are_not_ads(text: str) -> None:
    assert (
        classify_mention(text, author="customer", author_followers=150).mention_class
        is MentionClass.COMPLAINT
    )


def test_a_sellers_contact_id_is_not_an_order_number() -> None:
    result = classify_mention(
        "在家做手工串珠，计件佣金每件8元当天日结，有意者加Q 3344556677", author="a", author_followers=3
    )
    assert result.mention_class is MentionClass.AD


# --------------------------------------------------------------------------------------------
# Suspected fakes: a long time as a customer and new to the service, in one post
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Loyal customer since 2009, I opened my account last Tuesday and they have already lost "
        "£3,000 of mine.",
        "I just signed up and I've been a customer for years: worst airline in Europe, avoid.",
        "Cliente desde hace 12 años y es la primera vez que compro aquí: me robaron 200 € y nadie responde.",
        "我是用了八年的老客户，上周才开户就被扣了五千块，这银行太黑了。",
    ],
)
def test_a_post_that_is_old_and_new_to_the_service_is_a_suspected_fake(text: str) -> None:
    result = classify_mention(text, author="reviewer", author_followers=40)
    assert result.mention_class is MentionClass.SUSPECTED_FAKE
    assert any("contradicts itself" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    "text",
    [
        # a loyal customer complaining that new customers are treated better
        "I've been a customer since 2011 and new customers get a rate twice mine. Account 44120093, called "
        "on 3 May, no answer.",
        # years with the brand and a second product opened recently, told with its details
        "Cliente desde 2015; el 2 de mayo abrí una cuenta de ahorro nueva (IBAN terminado en 4471) y me "
        "cobraron 30 € de comisión.",
        "用了五年都没问题，这次3月2号订单号77120391的快递丢了，客服一直不回。",
    ],
)
def test_a_long_time_customer_with_a_real_story_is_no_contradiction(text: str) -> None:
    result = classify_mention(text, author="customer", author_followers=150)
    assert result.mention_class is MentionClass.COMPLAINT


# --------------------------------------------------------------------------------------------
# Insults by the shape of a sentence, and a "1" read as an "l"
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "你们客服是猪吗，听不懂人话",
        "三岁小孩都比你们客服会办事",
        "狗都不坐的航空公司",
        "你们经理脑子被驴踢了吧",
        "你们家客服是不是都没长脑子",
        "你们是不是有大病",
        "这帮没良心的东西",
        "一群混饭吃的，啥也不会",
        "你们到底是不是人啊，老人在机场等了一夜",
        "你们这群蠢蛋",
        "A five year old could run this airline better than you lot.",
        "Does anyone there even have a brain? Third time asking.",
        "Un mono lo haría mejor que vuestro servicio técnico.",
        "No tenéis ni dos dedos de frente, de verdad.",
        # a "1" for an "l"
        "gilipo11as todos",
        "you are a be11end",
    ],
)
def test_insults_by_structure_and_disguise(text: str) -> None:
    assert classify_mention(text, author="someone", author_followers=150).mention_class is MentionClass.INSULT


@pytest.mark.parametrize(
    "text",
    [
        # words that only contain an obscene string
        "Flew from Scunthorpe via Middlesex on 3 May, booking REF44120, bag lost, nobody at desk 4 helps.",
        "Ordered a cocktail set (order 88213) on 2 May, arrived with a shattered glass and support ignores "
        "me.",
        "Os escribo por la imputación de un cargo de 45 € del 3 de mayo en mi tarjeta, pedido 99812.",
        "我的孩子在学校操场摔倒，你们的校车5月3号晚了40分钟，订单号3381209。",
        # strong, clean complaints
        "Absolutely furious. Order 44120, paid £89 on 3 May, still nothing, this is a disgrace and "
        "unacceptable.",
        "Estoy harta, pedido 55120 de 60 € del 2 de mayo, tres semanas sin noticias, una vergüenza total.",
        "太过分了！订单号5512099，5月2号付了300元，三周没发货，客服一直敷衍。",
        # the shapes' everyday neighbours: things, sick leave, a question about bots, a child's age
        "5月3号寄的包裹，订单号7712093，里面的东西全碎了，你们这帮快递员怎么搬的？",
        "订单号5512093，5月2号，你们寄来的东西。打开就是坏的，要求退款。",
        "客服有病假也应该有人顶班吧？5月3号打了十次电话，订单号6612093。",
        "订单号 3312094，5月1日的航班，问客服是人吗还是机器人，回答全是模板。",
        "My kid (five years old) could not board flight BA221 on 3 May because the gate closed 40 minutes "
        "early.",
        "我家狗狗在你们宠物店洗澡时受伤，5月3号，订单号8812033，店员不承认。",
        # a "1" among letters that reads as no word
        "Flight BA1 to Aberdeen on 3 May, booking A1B2C3, gate 11 closed early and app1e pay failed twice.",
    ],
)
def test_near_misses_stay_complaints(text: str) -> None:
    assert (
        classify_mention(text, author="customer", author_followers=150).mention_class
        is MentionClass.COMPLAINT
    )


# --------------------------------------------------------------------------------------------
# Competitors: a switch in every form, and a business speaking as itself with an offer
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the writer's own switch, with how it went since
        "Switched to Norvik last spring and haven't looked back.",
        "Left them for Corvex in March and honestly no regrets, best decision.",
        "That's why we moved to Harbourline. Not one delay since.",
        "Por eso ahora solo vuelo con Alisur.",
        "Yo me pasé a Vuelia hace un año y no me arrepiento.",
        "我早就转投飞鸿了，准点率甩他们几条街。",
        # everyone else has switched
        "Everyone I know has moved to Skyvia already.",
        "Todos mis amigos ya se pasaron a Aerolux.",
        "我身边的人都换云途了。",
        # the rival next door held up, a clause away
        "隔壁云途虽然贵一点，但人家从来不超售。",
        # a business speaking as itself with an offer, whoever posts it
        "Our drivers actually turn up 🚗 First ride free with code ONTIME5",
        "Hungry? Our kitchens stayed open all night. 20% off your first order with code STAYFED",
        "Nuestros técnicos llegan en 2 horas. Primer mes gratis si vienes de otra compañía.",
        "Nuestros servidores no se caen 😉 Descarga Abisal hoy y llévate 500 gemas gratis.",
        "我们家的服务器从不宕机，新用户首单立减30元。",
    ],
)
def test_switches_and_rival_pitches_are_competitor_posts_without_configured_rivals(text: str) -> None:
    result = classify_mention(text, author="someone", author_followers=150)
    assert result.mention_class is MentionClass.COMPETITOR


@pytest.mark.parametrize(
    "text",
    [
        # switching plans, not brands
        "I tried to switch to the annual plan on 3 May (account 44120093) and got charged £120 twice.",
        "Me pasé a la tarifa de fibra el 2 de mayo, contrato 77120, y me cobran 60 € de más.",
        "5月2号想换成年卡，订单号5512093，结果扣了两次钱。",
        # customers quoting the brand's own offers in their story
        "Our flight BA221 on 3 May was cancelled; they offered 20% off a future booking, which is useless.",
        "We booked through your app (ref K88120) on 2 May; the 'first order free' code STAY10 was refused.",
        "Nos cancelaron el vuelo IB3321 el 3 de mayo y nos dieron un código de descuento que no funciona.",
        "我们的订单号5512093，5月2号下单，说好的新用户首单立减一直没返。",
        # everyone switching plans, not brands
        "All my colleagues switched to the annual plan in May; mine (account 44120093) got charged twice.",
        "同事们都换成年卡了，我5月2号办的订单号5512093却一直没生效。",
        # the next table, not the rival next door
        "隔壁桌的客人5月3号也投诉了，我们的订单号7712093，菜里有头发。",
    ],
)
def test_customers_naming_switches_and_offers_stay_complaints(text: str) -> None:
    result = classify_mention(text, author="customer", author_followers=150)
    assert result.mention_class is MentionClass.COMPLAINT


# --------------------------------------------------------------------------------------------
# Advertising: a seller's pitch with a way to reach them
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Drop 10kg in 30 days with KetoBurn 🔥 no diet, no gym. Order at ketoburn-shop.co",
        "Essays, dissertations, assignments done fast, plagiarism-free. WhatsApp +1 415 555 0199",
        "Stuck at the airport? Stream every match free with our IPTV, 12 months for £30. Message me",
        "Lost money in this mess? My mentor helped me recover £4,000 in 48h. "
        "Contact him on IG @recovery.pro.uk",
        "Bolsos Michael Kors a precio de fábrica, envíos a todo el país, "
        "pedidos por Instagram @bolsos.mk.outlet",
        "Pastillas para adelgazar sin rebote, resultados en 7 días, WhatsApp 55 1234 5678",
        "手机回收，高价上门，有意者私聊",
        "美国T恤代购，正品保证，小红书搜：代购小王",
        "减肥茶一周瘦10斤，不反弹，需要的姐妹私我",
    ],
)
def test_a_sellers_pitch_with_a_contact_is_an_ad(text: str) -> None:
    assert classify_mention(text, author="seller", author_followers=150).mention_class is MentionClass.AD


@pytest.mark.parametrize(
    "text",
    [
        "Your 'guaranteed' next-day delivery never came. Order 55120 on 3 May, £45. DM me back please.",
        "Compré unas zapatillas con envío gratis, pedido 77120 del 2 de mayo, nunca llegaron; "
        "escribidme por DM.",
        "Ordered the 'in stock' fridge on 2 May (order 99812), now told 6 weeks. Call me on 07700 900123.",
        "代购的包5月3号到货，订单号3312094，是假货，微信联系客服也不理。",
    ],
)
def test_a_customer_quoting_a_pitch_stays_a_complaint(text: str) -> None:
    assert (
        classify_mention(text, author="customer", author_followers=150).mention_class
        is MentionClass.COMPLAINT
    )


# --------------------------------------------------------------------------------------------
# Suspected fakes: a date in digits or a time of day that does not exist
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ordered on 31/04 and it never arrived. Total scam, avoid.",
        "Flight on 04/31/2026 cancelled without a word, worst airline ever.",
        "El 31/06 me cancelaron la reserva y nadie responde. Vergüenza.",
        "Delivered to me at 25:30 last night, completely cold. Disgusting service.",
        "Me llegó el pedido a las 26:15 y frío. Qué asco de servicio.",
        "凌晨25点才送到，饭都凉了，什么破外卖。",
    ],
)
def test_a_date_or_time_that_does_not_exist_makes_a_suspected_fake(text: str) -> None:
    result = classify_mention(text, author="reviewer", author_followers=150)
    assert result.mention_class is MentionClass.SUSPECTED_FAKE
    assert any("does not exist" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    "text",
    [
        # dates that exist either way round, fractions, seats, open hours, a race time
        "Ordered on 30/04 (order 88120), delivered 05/06/2026, box crushed and the £40 lamp broken.",
        "Order 88121 placed on 12/25, still not here, support open 24/7 they say, 1/3 of my items missing.",
        "Seat 31/2 on coach 4, train 1L22 on 3 May: no heating for 3 hours and the guard shrugged.",
        "Ran the charity 10k in 25:30 wearing your shoes (order 66120, 3 May) and the sole came off.",
    ],
)
def test_dates_and_times_that_exist_are_no_red_flag(text: str) -> None:
    result = classify_mention(text, author="customer", author_followers=150)
    assert result.mention_class is MentionClass.COMPLAINT


# The normaliser's quick look: text in which _TWO_SINGLE_LETTERS finds nothing has no spelled-out word
# to join, so skipping the join never changes what it returns.
_SPELLING = st.lists(
    st.sampled_from([*"abcfkuéßѕ²ⒸÅø傻女表⼥ 1.-_·*#!Zé", "🤬", "🐴", "\u200b", "  "]), max_size=40
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_SPELLING)
def test_the_quick_look_never_skips_a_spelled_out_word(text: str) -> None:
    chars = [(c, i) for i, c in enumerate(text)]
    if not triage._TWO_SINGLE_LETTERS.search("".join(c for c, _ in chars)):
        assert triage._join_spelled_out(chars) == chars
