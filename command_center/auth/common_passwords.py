"""The passwords people try first, lower case: the top of the public leak lists (English and
Chinese users), keyboard words, and the words of our own trade. A password is refused when it
is one of them, or one of them with digits or symbols before or after (`password2024!`)."""

from __future__ import annotations

COMMON_PASSWORDS = frozenset(
    """
    123456 12345678 123456789 1234567890 12345 1234 123 123123 123321 111111 000000 666666
    888888 999999 121212 112233 123654 654321 7777777 159357 147258 147258369 123qwe qwe123
    1q2w3e 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qazxsw2 zaq12wsx qazwsx qwerty qwertyu qwertyui
    qwertyuiop qwert asdf asdfgh asdfghjk asdfghjkl zxcv zxcvb zxcvbn zxcvbnm qazxsw
    abc abcd abcde abcdef abcdefg abcdefgh abc123 abcd1234 a123456 aa123456 a1b2c3 a1b2c3d4
    aaaaaa password passw0rd passwd pass pass123 p@ssw0rd p@ssword password1 password123
    admin administrator root toor guest user test tester testing demo default changeme
    change-me changeit secret secret123 letmein welcome welcome1 hello hello123 login
    master monkey dragon football baseball basketball soccer hockey golf tennis
    sunshine princess shadow superman batman spiderman starwars pokemon nintendo
    iloveyou iloveu loveme lovely love mylove trustno1 whatever freedom flower
    michael jordan jennifer jessica charlie thomas robert daniel andrew joshua matthew
    ashley amanda nicole hannah michelle daniel george harley ranger hunter hunter2
    buster tigger ginger pepper summer winter autumn spring maggie cookie cheese
    killer computer internet samsung google apple iphone yahoo hotmail facebook
    mustang corvette ferrari porsche mercedes yamaha harley
    orange banana chocolate coffee pizza biteme fuckyou fuckme asshole
    access access14 blahblah bailey blessed cowboy creative diamond eagle falcon
    forever friends galaxy gemini hello1 heaven hello world helloworld
    jesus junior justin killer1 lakers liverpool arsenal chelsea manchester
    marina matrix merlin midnight mickey minecraft monster mother family
    naruto ninja nothing olivia passion peanut phoenix pretty purple qwerty123
    rainbow richard silver slipknot snoopy sparky sophie stella sunflower
    taylor thunder tinkerbell trinity victoria vincent warrior william wizard
    yankees zxcvbnm1 zzzzzz
    woaini woaini1314 woaiwojia woainima aini1314 5201314 1314520 520520 521521 7758521
    5211314 woshishui nihao nihao123 wangyang zhangwei liwei wangwei qq123456 qq123
    qweasd qweasdzxc asd123 asdasd zxc123 1314 520 caonima iloveyou1314 baobei
    laopo laogong xiaoming xiaohong beijing shanghai guangzhou shenzhen china zhongguo
    command centre center commandcenter commandcentre control controlroom camera cameras
    video videowall wall monitor monitoring police security surveillance system
    manager operator dispatcher supervisor viewer station office duty
    hikvision dahua uniview onvif rtsp stream
    correcthorsebatterystaple
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
