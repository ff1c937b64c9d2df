package dev.drd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpectationTest {
  @Test
  void numbersCompareAsNumbers() {
    assertThat(Expectation.parse("> 0").test("1")).isTrue();
    assertThat(Expectation.parse("> 0").test("0")).isFalse();
    assertThat(Expectation.parse("= 42").test("42.0")).isTrue();
    assertThat(Expectation.parse(">= 1000").test("999")).isFalse();
    assertThat(Expectation.parse("<=10").test("10")).isTrue();
    assertThat(Expectation.parse("!= 0").test("3")).isTrue();
    assertThat(Expectation.parse("> 0").test("not a number")).isFalse();
    assertThat(Expectation.parse("> 0").test(null)).isFalse();
  }

  @Test
  void quotedTextComparesOnlyForEquality() {
    assertThat(Expectation.parse("= 'open'").test("open")).isTrue();
    assertThat(Expectation.parse("!= 'closed'").test("closed")).isFalse();
    assertThat(Expectation.parse("= 'open'")).hasToString("= 'open'");
    assertThatThrownBy(() -> Expectation.parse("> 'a'")).hasMessageContaining("only with = or !=");
    assertThatThrownBy(() -> Expectation.parse("at least 3"))
        .hasMessageContaining("is not an expectation");
    assertThatThrownBy(() -> Expectation.parse("= lots"))
        .hasMessageContaining("neither a number nor 'quoted text'");
  }
}
