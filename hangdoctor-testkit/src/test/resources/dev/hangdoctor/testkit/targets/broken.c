/* Deliberately does not compile: CBinariesTest checks that gcc's complaint reaches the test. */
int main(void) { return undeclared_testkit_symbol; }
