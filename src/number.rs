//! Numbers for people: the bottom layer every other module may use to show a number the way
//! it was written in a file (`75`, not `75.0`). Imports nothing from the crate.

/// A number without a needless `.0`.
pub fn format_number(amount: f64) -> String {
    if amount.fract() == 0.0 && amount.abs() < 1e15 {
        format!("{}", amount as i64)
    } else if amount.is_finite() && amount != 0.0 && !(1e-6..1e15).contains(&amount.abs()) {
        // `1e-300`, not a 0. followed by 300 digits.
        format!("{amount:e}")
    } else {
        format!("{amount}")
    }
}

/// A score or share for people: one decimal.
pub fn one_decimal(value: f64) -> String {
    format!("{value:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_lose_their_decimal_point() {
        assert_eq!(format_number(75.0), "75");
        assert_eq!(format_number(0.8), "0.8");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(one_decimal(71.44), "71.4");
    }
}
