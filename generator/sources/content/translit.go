package content

// latin maps letters with diacritics (and a few ligatures and letters of
// Latin scripts without an ASCII form) to ASCII, for slugs: "Ünïcode" is
// "unicode". Generated from Unicode's canonical decompositions of
// U+00C0..U+024F and U+1E00..U+1EFF, keeping those whose base is an ASCII
// letter.
var latin = func() map[rune]string {
	m := map[rune]string{}
	for ascii, letters := range map[string]string{
		"a":  "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ",
		"ae": "Ææ",
		"b":  "ḂḃḄḅḆḇ",
		"c":  "ÇçĆćĈĉĊċČčḈḉ",
		"d":  "ÐðĎďĐđḊḋḌḍḎḏḐḑḒḓ",
		"e":  "ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ",
		"f":  "Ḟḟ",
		"g":  "ĜĝĞğĠġĢģǦǧǴǵḠḡ",
		"h":  "ĤĥĦħȞȟḢḣḤḥḦḧḨḩḪḫẖ",
		"i":  "ÌÍÎÏìíîïĨĩĪīĬĭĮįİıǏǐȈȉȊȋḬḭḮḯỈỉỊị",
		"j":  "Ĵĵǰ",
		"k":  "ĶķĸǨǩḰḱḲḳḴḵ",
		"l":  "ĹĺĻļĽľŁłḶḷḸḹḺḻḼḽ",
		"m":  "ḾḿṀṁṂṃ",
		"n":  "ÑñŃńŅņŇňǸǹṄṅṆṇṈṉṊṋ",
		"ng": "Ŋŋ",
		"o":  "ÒÓÔÕÖØòóôõöøŌōŎŏŐőƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ",
		"oe": "Œœ",
		"p":  "ṔṕṖṗ",
		"r":  "ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ",
		"s":  "ŚśŜŝŞşŠšſȘșṠṡṢṣṤṥṦṧṨṩ",
		"ss": "ßẞ",
		"t":  "ŢţŤťŦŧȚțṪṫṬṭṮṯṰṱẗ",
		"th": "Þþ",
		"u":  "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự",
		"v":  "ṼṽṾṿ",
		"w":  "ŴŵẀẁẂẃẄẅẆẇẈẉẘ",
		"x":  "ẊẋẌẍ",
		"y":  "ÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ",
		"z":  "ŹźŻżŽžẐẑẒẓẔẕ",
	} {
		for _, r := range letters {
			m[r] = ascii
		}
	}
	return m
}()
