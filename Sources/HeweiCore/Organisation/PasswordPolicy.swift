/// What a password must be (等保 2.0 asks for complexity): at least 10 characters, with letters
/// and digits, not the username, not one character repeated. Returns the problems, empty if none.
public enum PasswordPolicy {
    public static let minimumLength = 10

    public static func problems(_ password: String, username: String) -> [String] {
        var out: [String] = []
        if password.count < minimumLength { out.append("must be at least \(minimumLength) characters") }
        if password.count > 128 { out.append("must be at most 128 characters") }
        if !password.contains(where: \.isLetter) || !password.contains(where: \.isNumber) {
            out.append("must contain both letters and digits")
        }
        if !username.isEmpty && password.lowercased().contains(username.lowercased()) { out.append("must not contain the username") }
        if Set(password).count <= 2 { out.append("must not repeat one or two characters") }
        return out
    }
}
