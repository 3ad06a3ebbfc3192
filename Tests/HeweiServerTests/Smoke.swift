import Testing
import VaporTesting
@Test func placeholderServer() { #expect(1 + 1 == 2) }
