//! Prints the OpenAPI document the edge's route table and types make: `make openapi`
//! writes it to `edge/openapi.json`.

fn main() {
    print!("{}", attest_edge::openapi_document());
}
